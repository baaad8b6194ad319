import type { ReactNode } from 'react';
import { CrisisLine } from './crisis-line.tsx';
import { SkipLink } from './skip-link.tsx';

/** Sign-in and invitation screens: no navigation, the crisis line still in view. */
export function PublicLayout({ children }: { children: ReactNode }) {
  return (
    <>
      <SkipLink />
      <header className="app-header">
        <div className="header-bar container">
          <span className="brand">Ketaflow</span>
        </div>
        <div className="crisis-bar">
          <div className="container">
            <CrisisLine />
          </div>
        </div>
      </header>
      <main id="main" tabIndex={-1} className="container container-narrow">
        {children}
      </main>
    </>
  );
}
