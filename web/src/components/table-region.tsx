import type { ReactNode } from 'react';

/** A wide table scrolls sideways on a phone; the keyboard must be able to reach and scroll it too. */
export function TableRegion({ labelledBy, children }: { labelledBy: string; children: ReactNode }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region needs focus for keyboard scrolling (WCAG 2.1.1)
    <section className="table-wrap" aria-labelledby={labelledBy} tabIndex={0}>
      {children}
    </section>
  );
}
