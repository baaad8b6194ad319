import { useCallback, useEffect, useRef, useState } from 'react';
import { type SessionChart, sessionsApi } from '../../api/sessions.ts';
import { EntryQueue, type QueuedItem, type QueueTarget } from './entry-queue.ts';

// The chart is re-read this often so the phase, the vitals due and a colleague's entries stay current.
const REFRESH_MS = 15_000;

async function sendItem(sessionId: string, item: QueuedItem): Promise<void> {
  if (item.target === 'entries') {
    await sessionsApi.recordEntry(sessionId, item.body as never);
  } else {
    await sessionsApi.recordChange(sessionId, item.body as never);
  }
}

export type ChartState = {
  chart: SessionChart | null;
  loadError: unknown;
  /** The last re-read failed (offline?): the chart shown is the last one that arrived. */
  stale: boolean;
  online: boolean;
  queue: EntryQueue;
  queued: QueuedItem[];
  reload: () => Promise<void>;
  /** Replaces the chart with a write's answer (every chart write returns the whole chart). */
  setChart: (chart: SessionChart) => void;
  /** Stores the item in the queue (throws when the browser cannot store it) and sends it. */
  enqueue: (target: QueueTarget, body: QueuedItem['body']) => void;
};

export function useChart(sessionId: string, userId: string): ChartState {
  const [chart, setChart] = useState<SessionChart | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [stale, setStale] = useState(false);
  const [online, setOnline] = useState(() => navigator.onLine);
  const [queued, setQueued] = useState<QueuedItem[]>([]);
  const [, setVersion] = useState(0);
  const reloadRef = useRef<() => Promise<void>>(async () => {});

  const reload = useCallback(async () => {
    try {
      const fresh = await sessionsApi.getSession(sessionId);
      setChart(fresh);
      setLoadError(null);
      setStale(false);
    } catch (e) {
      setLoadError(e);
      setStale(true);
    }
  }, [sessionId]);
  reloadRef.current = reload;

  const [queue] = useState(
    () =>
      new EntryQueue(sessionId, userId, window.localStorage, sendItem, () => {
        void reloadRef.current();
      }),
  );

  useEffect(() => {
    const sync = () => {
      setQueued(queue.items());
      setVersion((v) => v + 1);
    };
    const unsubscribe = queue.subscribe(sync);
    sync();
    queue.start();
    return () => {
      unsubscribe();
      queue.stop();
    };
  }, [queue]);

  useEffect(() => {
    void reload();
    const timer = setInterval(() => void reload(), REFRESH_MS);
    const back = () => {
      setOnline(true);
      queue.retryNow();
      void reload();
    };
    const gone = () => setOnline(false);
    window.addEventListener('online', back);
    window.addEventListener('offline', gone);
    return () => {
      clearInterval(timer);
      window.removeEventListener('online', back);
      window.removeEventListener('offline', gone);
    };
  }, [reload, queue]);

  const enqueue = useCallback(
    (target: QueueTarget, body: QueuedItem['body']) => {
      queue.add(target, body);
    },
    [queue],
  );

  return { chart, loadError, stale, online, queue, queued, reload, setChart, enqueue };
}

/** Re-renders every second: countdowns and "minutes since" move without a server round trip. */
export function useNow(intervalMs = 1_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}
