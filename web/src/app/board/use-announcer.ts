import { useCallback, useState } from 'react';

/**
 * Text for a live region. The same words twice in a row would not be read again, so a repeat gets
 * an invisible difference.
 */
export function useAnnouncer(): [string, (lines: string[]) => void] {
  const [text, setText] = useState('');
  const announce = useCallback((lines: string[]) => {
    if (lines.length === 0) return;
    const next = lines.join(' ');
    setText((previous) => (previous === next ? `${next}\u00a0` : next));
  }, []);
  return [text, announce];
}
