import { randomInt } from 'node:crypto';
import type { Ctx } from '../context.ts';
import type { Db } from '../db/connect.ts';
import type { Role } from '../db/schema.ts';
import { createLocation } from '../features/locations/service.ts';
import { createOrganisation } from '../features/orgs/store.ts';
import { readSettings, writeSettings } from '../features/settings/store.ts';
import { createUserWithPassword } from '../features/users/service.ts';
import { seedDemoDirectory } from './demo-directory.ts';
import { seedDemoLedger } from './demo-ledger.ts';
import { seedDemoPatients } from './demo-patients.ts';
import { seedDemoSchedule } from './demo-schedule.ts';

export const DEMO_USERS: { email: string; name: string; role: Role }[] = [
  { email: 'admin@demo.ketaflow.test', name: 'Avery Admin', role: 'admin' },
  { email: 'prescriber@demo.ketaflow.test', name: 'Dr. Priya Prescriber', role: 'prescriber' },
  { email: 'nurse@demo.ketaflow.test', name: 'Noah Nurse', role: 'nurse' },
  { email: 'frontdesk@demo.ketaflow.test', name: 'Frankie Front Desk', role: 'front_desk' },
  { email: 'therapist@demo.ketaflow.test', name: 'Theo Therapist', role: 'therapist' },
  { email: 'patient@demo.ketaflow.test', name: 'Pat Patient', role: 'patient' },
];

const LETTERS = 'abcdefghijkmnpqrstuvwxyz';

/** 4 groups of 4 letters: 19 characters, easy to type, about 73 bits. */
export function generateDemoPassword(): string {
  return Array.from({ length: 4 }, () =>
    Array.from({ length: 4 }, () => LETTERS[randomInt(LETTERS.length)]).join(''),
  ).join('-');
}

export type DemoCredential = { email: string; role: Role; password: string };

export async function hasAnyOrganisation(db: Db): Promise<boolean> {
  return (await db.selectFrom('organisations').select('id').limit(1).executeTakeFirst()) !== undefined;
}

/**
 * A demo clinic with one user per role. Passwords come from KETAFLOW_DEMO_PASSWORD or are generated
 * now and returned for printing once: none is fixed in code. Returns undefined when data exists.
 */
export async function seedDemo(
  db: Db,
  options: { now: Date; password?: string | undefined; onProgress?: (step: string) => void },
): Promise<DemoCredential[] | undefined> {
  if (await hasAnyOrganisation(db)) return undefined;
  const progress = options.onProgress ?? (() => {});
  progress('creating the demo clinic');
  const orgId = await createOrganisation(db, { name: 'Demo Ketamine Clinic', isPrimary: true });
  const ctx: Ctx = { db, orgId, user: null, now: options.now, requestId: 'cli:seed-demo', ip: null };
  await createLocation(ctx, {
    name: 'Main clinic',
    addressLine1: '100 Example Street',
    city: 'New York',
    state: 'NY',
    postalCode: '10001',
    phone: '+1 212 555 0100',
    timeZone: 'America/New_York',
    // DEMO ONLY: passes the DEA number's format and check digit but is no real registration.
    deaRegistration: 'FD0000000',
  });
  const credentials: DemoCredential[] = [];
  for (const user of DEMO_USERS) {
    progress(`creating ${user.email}`);
    const password = options.password ?? generateDemoPassword();
    await createUserWithPassword(ctx, { email: user.email, name: user.name, roles: [user.role], password });
    credentials.push({ email: user.email, role: user.role, password });
  }
  await writeSettings(
    db,
    orgId,
    { ...(await readSettings(db, orgId)), clinicPhone: '+1 212 555 0100' },
    options.now,
  );
  progress('creating demo patients');
  await seedDemoPatients(ctx);
  await seedDemoDirectory(ctx);
  await seedDemoSchedule(ctx);
  await seedDemoLedger(ctx);
  return credentials;
}

export function formatCredentials(credentials: DemoCredential[]): string {
  const lines = credentials.map((c) => `  ${c.role.padEnd(11)} ${c.email.padEnd(32)} ${c.password}`);
  return [
    'Demo users (shown once; admin and prescriber set up an authenticator app at first sign-in):',
    ...lines,
  ].join('\n');
}
