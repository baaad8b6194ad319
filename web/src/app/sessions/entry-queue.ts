// Nothing charted at the chair may be lost (issue 5, item 8). Every entry is written to this
// browser's storage before it is sent, with the id and time the nurse gave it; it leaves the queue
// only when the server has answered for it. The server is idempotent on the id, so sending twice
// (a reply lost on the way back) stores it once.
import { isApiError } from '../../api.ts';

/** Where an item goes: a monitoring entry, or a change to the running infusion. */
export type QueueTarget = 'entries' | 'administration/changes';

export type QueuedItem = {
  id: string;
  target: QueueTarget;
  /** The request body, exactly as the nurse saved it (its clientAt or at is the original time). */
  body: Record<string, unknown> & { id: string };
  /** When the nurse saved it (ms since the epoch). */
  savedAt: number;
  /** A refusal that sending again will not change (400, 403, 404, 409): shown, never retried. */
  refused: string | null;
};

export type ItemState = 'waiting' | 'sending' | 'refused';

/** The few methods of the Web Storage API the queue needs (localStorage in the browser). */
export type KeyValueStore = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

export type Sender = (sessionId: string, item: QueuedItem) => Promise<void>;

const KEY_PREFIX = 'ketaflow.chart-queue.';
const FIRST_RETRY_MS = 2_000;
const MAX_RETRY_MS = 60_000;

/**
 * Each user's items are kept apart: they go to the server as that user's entries, so a colleague
 * who signs in on the same browser neither sends nor sees them.
 */
export function storageKey(ownerId: string, sessionId: string): string {
  return `${KEY_PREFIX}${ownerId}.${sessionId}`;
}

/** How many items this user saved on this browser that the server has not yet taken, across charts. */
export function unsentCount(store: Pick<Storage, 'length' | 'key' | 'getItem'>, ownerId: string): number {
  let count = 0;
  for (let i = 0; i < store.length; i += 1) {
    const key = store.key(i);
    if (!key?.startsWith(`${KEY_PREFIX}${ownerId}.`)) continue;
    try {
      const items = JSON.parse(store.getItem(key) ?? '[]') as QueuedItem[];
      count += Array.isArray(items) ? items.filter((item) => !item.refused).length : 0;
    } catch {
      // An unreadable entry holds nothing the queue could send.
    }
  }
  return count;
}

function isRefusal(error: unknown): string | null {
  // Status 0 (no connection), 401 (signed out or locked), 408, 429 and 5xx may pass with time.
  if (!isApiError(error)) return null;
  if ([400, 403, 404, 409, 410, 413, 422].includes(error.status)) {
    const fields = (error.errors ?? []).map((e) => e.message).join(' ');
    return fields ? `${error.detail} ${fields}` : error.detail;
  }
  return null;
}

/** One session's queue: persisted on every change, sent in the order the nurse saved. */
export class EntryQueue {
  private readonly key: string;
  private sending: string | null = null;
  private flushing = false;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private retryMs = FIRST_RETRY_MS;
  private readonly listeners = new Set<() => void>();
  private stopped = true;
  /** The last failure that will pass with time (no connection, server busy); null after a success. */
  lastProblem: string | null = null;

  constructor(
    readonly sessionId: string,
    ownerId: string,
    private readonly store: KeyValueStore,
    private readonly send: Sender,
    private readonly onSent: (item: QueuedItem) => void = () => {},
  ) {
    this.key = storageKey(ownerId, sessionId);
  }

  items(): QueuedItem[] {
    try {
      const raw = this.store.getItem(this.key);
      const parsed = raw ? (JSON.parse(raw) as unknown) : [];
      return Array.isArray(parsed) ? (parsed as QueuedItem[]) : [];
    } catch {
      return [];
    }
  }

  stateOf(item: QueuedItem): ItemState {
    if (item.refused) return 'refused';
    return this.sending === item.id ? 'sending' : 'waiting';
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Stores the item (throws if the browser refuses to store it), then tries to send. */
  add(target: QueueTarget, body: QueuedItem['body'], savedAt = Date.now()): QueuedItem {
    const item: QueuedItem = { id: body.id, target, body, savedAt, refused: null };
    this.write([...this.items().filter((i) => i.id !== item.id), item]);
    void this.flush();
    return item;
  }

  /** The nurse has read a refusal and lets the item go (it was never stored by the server). */
  discard(id: string): void {
    this.write(this.items().filter((i) => i.id !== id));
  }

  /** Sends every waiting item in order; stops at the first one that cannot go yet and retries later. */
  async flush(): Promise<void> {
    if (this.flushing || this.stopped) return;
    this.flushing = true;
    this.clearRetry();
    try {
      for (;;) {
        const next = this.items().find((i) => !i.refused);
        if (!next || this.stopped) break;
        this.sending = next.id;
        this.emit();
        try {
          await this.send(this.sessionId, next);
          this.sending = null;
          this.lastProblem = null;
          this.retryMs = FIRST_RETRY_MS;
          this.write(this.items().filter((i) => i.id !== next.id));
          this.onSent(next);
        } catch (error) {
          this.sending = null;
          const refusal = isRefusal(error);
          if (refusal) {
            this.write(this.items().map((i) => (i.id === next.id ? { ...i, refused: refusal } : i)));
            continue;
          }
          this.lastProblem = error instanceof Error ? error.message : String(error);
          this.scheduleRetry();
          this.emit();
          break;
        }
      }
    } finally {
      this.flushing = false;
      this.sending = null;
    }
  }

  /** The connection is back: send now rather than at the next back-off step. */
  retryNow(): void {
    this.retryMs = FIRST_RETRY_MS;
    void this.flush();
  }

  /** Sending starts when the chart is on screen and stops when it leaves (the items stay stored). */
  start(): void {
    this.stopped = false;
    void this.flush();
  }

  stop(): void {
    this.stopped = true;
    this.clearRetry();
  }

  private scheduleRetry(): void {
    this.clearRetry();
    const wait = this.retryMs;
    this.retryMs = Math.min(this.retryMs * 2, MAX_RETRY_MS);
    this.retryTimer = setTimeout(() => void this.flush(), wait);
  }

  private clearRetry(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }

  private write(items: QueuedItem[]): void {
    if (items.length === 0) this.store.removeItem(this.key);
    else this.store.setItem(this.key, JSON.stringify(items));
    this.emit();
  }

  private emit(): void {
    for (const listener of this.listeners) listener();
  }
}
