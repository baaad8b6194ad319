import pg from 'pg';
import { BOARD_CHANNEL } from './store.ts';

export type BoardEvent = { orgId: string; locationId: string; sessionId: string; kind: string };
type Listener = (event: BoardEvent) => void;

/**
 * One LISTEN connection per app instance, fanned out to every board client of that instance. Writes
 * NOTIFY in their own transaction, so an event means the change is committed and visible to any
 * instance on the same database.
 */
export class BoardHub {
  private client: pg.Client | null = null;
  private connecting: Promise<void> | null = null;
  private readonly listeners = new Map<string, Set<Listener>>();
  private closed = false;

  constructor(private readonly url: string | undefined) {}

  get available(): boolean {
    return this.url !== undefined;
  }

  /** Resolves once this instance is listening, so a client that subscribed misses nothing after. */
  async subscribe(orgId: string, locationId: string, listener: Listener): Promise<() => void> {
    const key = `${orgId}/${locationId}`;
    let set = this.listeners.get(key);
    if (!set) {
      set = new Set();
      this.listeners.set(key, set);
    }
    set.add(listener);
    await this.connect();
    return () => {
      set.delete(listener);
      if (set.size === 0) this.listeners.delete(key);
    };
  }

  private connect(): Promise<void> {
    if (!this.url) return Promise.reject(new Error('no database URL to listen on'));
    if (this.client) return Promise.resolve();
    this.connecting ??= (async () => {
      const client = new pg.Client({ connectionString: this.url });
      client.on('notification', (message) => this.dispatch(message.payload));
      client.on('error', () => this.reconnect(client));
      client.on('end', () => this.reconnect(client));
      await client.connect();
      await client.query(`LISTEN ${BOARD_CHANNEL}`);
      this.client = client;
    })().finally(() => {
      this.connecting = null;
    });
    return this.connecting;
  }

  private reconnect(client: pg.Client): void {
    if (this.client !== client) return;
    this.client = null;
    if (this.closed || this.listeners.size === 0) return;
    setTimeout(() => {
      if (!this.closed) this.connect().catch(() => this.reconnectLater());
    }, 1000).unref();
  }

  private reconnectLater(): void {
    setTimeout(() => {
      if (!this.closed && this.listeners.size > 0) this.connect().catch(() => this.reconnectLater());
    }, 5000).unref();
  }

  private dispatch(payload: string | undefined): void {
    if (!payload) return;
    let event: BoardEvent;
    try {
      event = JSON.parse(payload) as BoardEvent;
    } catch {
      return;
    }
    for (const listener of this.listeners.get(`${event.orgId}/${event.locationId}`) ?? []) listener(event);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.listeners.clear();
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => {});
  }
}
