import { useEffect, useRef, useState } from 'react';
import { boardEventsUrl } from './board-api.ts';

export type StreamState = 'connecting' | 'live' | 'reconnecting';

/** Waits after the browser gives up on a stream (an HTTP error, the server gone), doubling to a cap. */
const FIRST_RETRY_MS = 2_000;
const MAX_RETRY_MS = 30_000;

/**
 * The board's server-sent events. `onChange` runs for every `session` event and whenever the stream
 * (re)opens, since changes made while it was down were never sent. The browser reconnects a dropped
 * stream by itself; when it gives up (the stream answered an error), this opens a new one later.
 */
export function useBoardStream(locationId: string | null, onChange: () => void): StreamState {
  const [state, setState] = useState<StreamState>('connecting');
  const changed = useRef(onChange);
  changed.current = onChange;

  useEffect(() => {
    if (!locationId) return;
    let source: EventSource | null = null;
    let retryTimer: ReturnType<typeof setTimeout> | undefined;
    let retryMs = FIRST_RETRY_MS;
    let stopped = false;

    const open = () => {
      clearTimeout(retryTimer);
      source?.close();
      const stream = new EventSource(boardEventsUrl(locationId));
      source = stream;
      stream.onopen = () => {
        retryMs = FIRST_RETRY_MS;
        setState('live');
        changed.current();
      };
      stream.addEventListener('session', () => changed.current());
      stream.onerror = () => {
        if (stopped || source !== stream) return;
        setState('reconnecting');
        if (stream.readyState !== EventSource.CLOSED) return;
        // Re-reading the board also surfaces a locked or ended sign-in to the session rules.
        changed.current();
        retryTimer = setTimeout(open, retryMs);
        retryMs = Math.min(MAX_RETRY_MS, retryMs * 2);
      };
    };
    const reconnectNow = () => {
      if (source?.readyState !== EventSource.OPEN) open();
    };

    setState('connecting');
    open();
    window.addEventListener('online', reconnectNow);
    return () => {
      stopped = true;
      clearTimeout(retryTimer);
      window.removeEventListener('online', reconnectNow);
      source?.close();
    };
  }, [locationId]);

  return state;
}
