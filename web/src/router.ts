// A small router on the History API: the app has a handful of screens, and the server answers
// every /app/* path with index.html, so deep links and reloads work.
import {
  type AnchorHTMLAttributes,
  createElement,
  type MouseEvent,
  type ReactNode,
  useSyncExternalStore,
} from 'react';

export type RouteLocation = { pathname: string; search: string; state: unknown };

let current: RouteLocation = readLocation();
let navigations = 0;
const listeners = new Set<() => void>();

function readLocation(): RouteLocation {
  const { pathname, search } = window.location;
  return { pathname, search, state: window.history.state };
}

function emit(): void {
  current = readLocation();
  for (const listener of listeners) listener();
}

window.addEventListener('popstate', () => {
  navigations += 1;
  emit();
});

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useLocation(): RouteLocation {
  return useSyncExternalStore(subscribe, () => current);
}

/** True once the user has moved between screens, so a new screen may take focus. */
export function hasNavigated(): boolean {
  return navigations > 0;
}

export function navigate(to: string, options: { replace?: boolean; state?: unknown } = {}): void {
  const state = options.state ?? null;
  if (options.replace) {
    window.history.replaceState(state, '', to);
  } else {
    window.history.pushState(state, '', to);
    window.scrollTo(0, 0);
  }
  navigations += 1;
  emit();
}

/** `/app/invite/:token` against `/app/invite/abc` → `{ token: 'abc' }`; null when it does not match. */
export function matchPath(pattern: string, pathname: string): Record<string, string> | null {
  const split = (p: string) => p.split('/').filter((s) => s !== '');
  const want = split(pattern);
  const have = split(pathname);
  if (want.length !== have.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i += 1) {
    const w = want[i] as string;
    const h = have[i] as string;
    if (w.startsWith(':')) params[w.slice(1)] = decodeURIComponent(h);
    else if (w !== h) return null;
  }
  return params;
}

/** Only same-app paths may be used as a post-sign-in destination. */
export function safeNext(next: string | null): string | null {
  return next?.startsWith('/app/') && !next.startsWith('/app//') ? next : null;
}

type LinkProps = AnchorHTMLAttributes<HTMLAnchorElement> & { to: string; children?: ReactNode };

export function Link({ to, onClick, children, ...rest }: LinkProps) {
  const handleClick = (event: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(event);
    if (event.defaultPrevented || event.button !== 0) return;
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(to);
  };
  return createElement('a', { ...rest, href: to, onClick: handleClick }, children);
}
