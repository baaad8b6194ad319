import { type ReactNode, useEffect, useRef } from 'react';
import { hasNavigated } from '../router.ts';

/** The screen's h1 and document title; after a navigation it takes focus so screen readers start here. */
export function PageHeader({
  title,
  documentTitle,
  children,
}: {
  title: string;
  /** When the heading holds a patient's name: the tab title (and browser history) keeps it out. */
  documentTitle?: string;
  children?: ReactNode;
}) {
  const ref = useRef<HTMLHeadingElement>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new title is a new screen, whose heading takes focus
  useEffect(() => {
    if (hasNavigated()) ref.current?.focus();
  }, [title]);
  useEffect(() => {
    document.title = `${documentTitle ?? title} · Ketaflow`;
  }, [title, documentTitle]);
  return (
    <div className="page-header">
      <h1 ref={ref} tabIndex={-1}>
        {title}
      </h1>
      {children}
    </div>
  );
}
