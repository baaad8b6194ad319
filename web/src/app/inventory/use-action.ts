import { useCallback, useState } from 'react';
import { isApiError } from '../../api.ts';

export type Action = {
  busy: boolean;
  error: unknown;
  /** Field errors by full path (`lotId`, `witnesses.0.password`). */
  errors: Record<string, string>;
  /** Runs one write; resolves to its result, or undefined when it failed (the error is kept). */
  run: <T>(write: () => Promise<T>) => Promise<T | undefined>;
  reset: () => void;
};

/** One form's write: busy while it runs, the problem+json error kept for the fields and the alert. */
export function useAction(): Action {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const run = useCallback(async <T>(write: () => Promise<T>) => {
    setBusy(true);
    setError(null);
    try {
      return await write();
    } catch (e) {
      setError(e);
      return undefined;
    } finally {
      setBusy(false);
    }
  }, []);
  const reset = useCallback(() => setError(null), []);
  const errors = isApiError(error) ? error.fieldPathErrors() : {};
  return { busy, error, errors, run, reset };
}
