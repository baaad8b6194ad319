import pino from 'pino';
import { buildApp } from './app.ts';
import { startLoop } from './background.ts';
import type { Config } from './config.ts';
import { migrate } from './db/migrate.ts';
import { openDatabase } from './db/open.ts';
import { pageOverdueAlerts } from './features/alerts/service.ts';
import { startSealer } from './features/audit/sealer.ts';
import { sendBeforeSessionReminders, sendDueReminders } from './features/measures/schedule.ts';
import { createDelivery } from './features/outbox/channels.ts';
import { dispatchDue } from './features/outbox/store.ts';
import { sendBookingReminders } from './features/schedule/reminders.ts';
import { formatCredentials, hasAnyOrganisation, seedDemo } from './seed/demo.ts';

/**
 * Starts everything `npm start` needs, and stops it in order on SIGINT/SIGTERM: stop taking
 * requests, let in-flight ones finish, seal the audit trail, then stop the database.
 */
export async function serve(config: Config): Promise<void> {
  const log = pino({ level: config.logLevel });
  const database = await openDatabase(config, (message) => log.info(message));
  log.info({ embedded: database.embedded }, 'database open');
  const applied = await migrate(database.db, (name) => log.info({ migration: name }, 'applying migration'));
  if (applied.length) log.info({ count: applied.length }, 'migrations applied');

  const seed = config.seedDemo === true || (config.seedDemo === 'auto' && database.embedded);
  if (seed && !(await hasAnyOrganisation(database.db))) {
    const credentials = await seedDemo(database.db, {
      now: new Date(),
      password: process.env.KETAFLOW_DEMO_PASSWORD || undefined,
      onProgress: (step) => log.info(step),
    });
    if (credentials) process.stdout.write(`\n${formatCredentials(credentials)}\n\n`);
  }

  const deliver = createDelivery(config);
  const app = await buildApp({ db: database.db, databaseUrl: database.url, config, deliver });
  const logError = (what: string) => (error: unknown) =>
    log.error({ err: { message: (error as Error).message } }, what);
  const sealer = startSealer(database.db, logError('audit sealer failed'));
  const appUrl = (config.publicUrl ?? `http://localhost:${config.port}`).replace(/\/$/, '');
  // Pages for overdue alerts, then everything due in the outbox, every few seconds, at any hour.
  const messenger = startLoop(
    async () => {
      await pageOverdueAlerts(database.db, new Date(), appUrl);
      await sendDueReminders(database.db, new Date(), appUrl);
      await sendBeforeSessionReminders(database.db, new Date(), appUrl);
      await sendBookingReminders(database.db, new Date());
      await dispatchDue(database.db, deliver, () => new Date());
    },
    5000,
    logError('alert paging or outbox delivery failed'),
  );
  await app.listen({ port: config.port, host: config.host });
  log.info(`Ketaflow is running: http://localhost:${config.port}/app/ (API docs at /api/docs)`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    const force = setTimeout(() => {
      log.error('shutdown took too long; exiting');
      process.exit(1);
    }, 15_000);
    force.unref();
    try {
      await app.close();
      await messenger.stop();
      await sealer.stop();
      await database.close();
      log.info('stopped cleanly');
      process.exit(0);
    } catch (error) {
      log.error({ err: { message: (error as Error).message } }, 'error during shutdown');
      process.exit(1);
    }
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}
