import { type ReactNode, useEffect, useRef } from 'react';

/** A section's h2; when the section was opened from within the page, it takes focus like a page's h1. */
export function SectionHeading({ id, focus, children }: { id: string; focus: boolean; children: ReactNode }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (focus) ref.current?.focus();
  }, [focus]);
  return (
    <h2 id={id} ref={ref} tabIndex={-1}>
      {children}
    </h2>
  );
}
