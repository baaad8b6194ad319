import { type ReactNode, useEffect, useRef } from 'react';
import { hasNavigated } from '../router.ts';

/** The screen's h1 and document title; after a navigation it takes focus so screen readers start here. */
export function PageHeader({ title, children }: { title: string; children?: ReactNode }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${title} · Ketaflow`;
    if (hasNavigated()) ref.current?.focus();
  }, [title]);
  return (
    <div className="page-header">
      <h1 ref={ref} tabIndex={-1}>
        {title}
      </h1>
      {children}
    </div>
  );
}
