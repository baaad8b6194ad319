import { useCallback, useState } from 'react';

/** A choice kept in this browser (which location the board shows, initials only), per signed-in user. */
export function useRemembered(key: string, fallback: string): [string, (value: string) => void] {
  const [value, setValue] = useState(() => {
    try {
      return localStorage.getItem(key) ?? fallback;
    } catch {
      return fallback;
    }
  });
  const remember = useCallback(
    (next: string) => {
      setValue(next);
      try {
        localStorage.setItem(key, next);
      } catch {
        // Storage refused (private mode, quota): the choice lasts for this page only.
      }
    },
    [key],
  );
  return [value, remember];
}
