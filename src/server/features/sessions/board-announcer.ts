import { sql } from 'kysely';
import { type Db, prepared } from '../../db/connect.ts';
import type { BoardEvent } from './board-events.ts';
import { BOARD_CHANNEL } from './store.ts';

type Waiting = { event: BoardEvent; sent: () => void };

/**
 * Tells every app instance's board that sessions changed, after the writes committed. While one
 * NOTIFY statement is on its way, the events of other writes wait and then leave together in the
 * next one, so many nurses charting at once cost a few statements rather than one each. The statement
 * does not wait for the WAL flush (a lost notification only delays a board refresh), so it holds the
 * notify-queue lock for microseconds. A failure is swallowed: the writes already stand. PostgreSQL
 * sends identical events of one statement once; the board only needs to know a session changed.
 */
class BoardAnnouncer {
  private waiting: Waiting[] = [];
  private sending = false;

  constructor(private readonly db: Db) {}

  announce(events: BoardEvent[]): Promise<void> {
    if (events.length === 0) return Promise.resolve();
    return new Promise((resolve) => {
      events.forEach((event, i) => {
        this.waiting.push({ event, sent: i === events.length - 1 ? resolve : () => {} });
      });
      void this.send();
    });
  }

  private async send(): Promise<void> {
    if (this.sending) return;
    this.sending = true;
    while (this.waiting.length > 0) {
      const batch = this.waiting;
      this.waiting = [];
      const payloads = batch.map((w) => JSON.stringify(w.event));
      const notify = sql`SELECT set_config('synchronous_commit', 'off', true), pg_notify(${BOARD_CHANNEL}, payload)
        FROM unnest(${payloads}::text[]) WITH ORDINALITY AS p(payload, n) ORDER BY n`;
      await this.db.executeQuery(prepared('board-notify', notify.compile(this.db))).catch(() => {});
      for (const w of batch) w.sent();
    }
    this.sending = false;
  }
}

const announcers = new WeakMap<Db, BoardAnnouncer>();

/** Resolves once the events have been handed to PostgreSQL (or failed to be). */
export function announceBoardEvents(db: Db, events: BoardEvent[]): Promise<void> {
  let announcer = announcers.get(db);
  if (!announcer) {
    announcer = new BoardAnnouncer(db);
    announcers.set(db, announcer);
  }
  return announcer.announce(events);
}
