import type { Kysely, Transaction } from 'kysely';
import type { Database, Role } from './db/schema.ts';

export type Executor = Kysely<Database> | Transaction<Database>;

export type Actor = { id: string; email: string; roles: Role[] };

/** What every use case is given: it never reads the clock or the request itself. */
export type Ctx = {
  db: Kysely<Database>;
  orgId: string;
  user: Actor | null;
  now: Date;
  requestId: string | null;
  ip: string | null;
};
