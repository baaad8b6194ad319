import type { Ctx } from '../../context.ts';
import { audit } from '../../http/audit.ts';
import { pageMessages } from '../alerts/service.ts';
import type { Delivery } from '../outbox/channels.ts';
import { enqueue } from '../outbox/store.ts';
import {
  clearTestPage,
  markTestPageSucceeded,
  type OrgSettings,
  readSettings,
  type SettingsUpdate,
  writeSettings,
} from './store.ts';

export { readSessionPolicies, type SessionPolicies } from './session-policies.ts';

export type PagingStatus = { ready: boolean; reason: string | null };

/** Alerts can reach someone out of hours only through a channel that has carried a test page. */
export function pagingStatus(settings: OrgSettings, smtpConfigured: boolean): PagingStatus {
  const email = settings.onCallEmail && smtpConfigured;
  if (!email && !settings.onCallWebhookUrl) {
    return {
      ready: false,
      reason: settings.onCallEmail
        ? 'An on-call email is set but SMTP is not configured, and there is no webhook: suicide-risk alerts cannot reach anyone out of hours.'
        : 'No paging channel is configured: suicide-risk alerts cannot reach anyone out of hours.',
    };
  }
  if (!settings.testPageSucceededAt) {
    return {
      ready: false,
      reason:
        'No test page has succeeded yet: send one from the paging settings to prove alerts reach the on-call contact.',
    };
  }
  return { ready: true, reason: null };
}

export async function updateSettings(ctx: Ctx, update: SettingsUpdate): Promise<OrgSettings> {
  return ctx.db.transaction().execute(async (trx) => {
    const before = await readSettings(trx, ctx.orgId);
    await writeSettings(trx, ctx.orgId, update, ctx.now);
    const channelsChanged =
      before.onCallEmail !== update.onCallEmail || before.onCallWebhookUrl !== update.onCallWebhookUrl;
    // A new channel has not been proven yet.
    if (channelsChanged) await clearTestPage(trx, ctx.orgId);
    const changed = (Object.keys(update) as (keyof SettingsUpdate)[]).filter((k) => before[k] !== update[k]);
    await audit(trx, ctx, {
      action: 'update',
      entityType: 'org_settings',
      entityId: ctx.orgId,
      details: { changed },
    });
    return readSettings(trx, ctx.orgId);
  });
}

export type TestPageResult = { channel: string; recipient: string; ok: boolean; error: string | null };

/** Sends a test page through every configured channel now; one success makes paging ready. */
export async function sendTestPage(ctx: Ctx, deliver: Delivery, appUrl: string): Promise<TestPageResult[]> {
  const settings = await readSettings(ctx.db, ctx.orgId);
  const messages = pageMessages(
    settings,
    ctx.orgId,
    { id: ctx.orgId, level: 'standard', patientMrn: 'TEST' },
    appUrl,
  ).map((m) => ({
    ...m,
    kind: 'test-page' as const,
    relatedId: null,
    subject: 'Ketaflow test page',
    body: `This is a test page from Ketaflow. Suicide-risk alerts will reach you this way. ${appUrl}/app/alerts`,
  }));
  const results: TestPageResult[] = [];
  for (const message of messages) {
    try {
      await deliver(message);
      results.push({ channel: message.channel, recipient: message.recipient, ok: true, error: null });
    } catch (error) {
      results.push({
        channel: message.channel,
        recipient: message.recipient,
        ok: false,
        error: (error as Error).message,
      });
    }
  }
  await ctx.db.transaction().execute(async (trx) => {
    const ids = await enqueue(trx, messages, ctx.now);
    for (const [i, id] of ids.entries()) {
      const r = results[i];
      await trx
        .updateTable('outbox')
        .set(
          r?.ok
            ? { sent_at: ctx.now, attempts: 1 }
            : { attempts: 1, last_error: r?.error ?? null, next_attempt_at: new Date(8.64e15) },
        )
        .where('id', '=', id)
        .execute();
    }
    if (results.some((r) => r.ok)) await markTestPageSucceeded(trx, ctx.orgId, ctx.now);
    await audit(trx, ctx, {
      action: 'create',
      entityType: 'test_page',
      entityId: ctx.orgId,
      details: { results: results.map((r) => ({ channel: r.channel, ok: r.ok })) },
    });
  });
  return results;
}
