import { useCallback, useEffect, useRef, useState } from 'react';

/** How long a message stays in the live region (it is read once, when added). */
const KEEP_MS = 30_000;
const KEEP_AT_MOST = 5;

export type Announcement = { id: number; text: string };

/**
 * Messages for a live region. Each is added as its own node, so a message that follows closely does
 * not replace one not yet read; old ones leave quietly (removals are not announced).
 */
export function useAnnouncer(): [Announcement[], (lines: string[]) => void] {
  const [messages, setMessages] = useState<Announcement[]>([]);
  const next = useRef(0);
  const timers = useRef<ReturnType<typeof setTimeout>[]>([]);
  const announce = useCallback((lines: string[]) => {
    if (lines.length === 0) return;
    next.current += 1;
    const message = { id: next.current, text: lines.join(' ') };
    setMessages((previous) => [...previous, message].slice(-KEEP_AT_MOST));
    timers.current.push(
      setTimeout(() => setMessages((previous) => previous.filter((m) => m.id !== message.id)), KEEP_MS),
    );
  }, []);
  useEffect(() => {
    const pending = timers.current;
    return () => {
      for (const timer of pending) clearTimeout(timer);
    };
  }, []);
  return [messages, announce];
}
