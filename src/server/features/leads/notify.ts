import type { OutboxMessage } from '../outbox/store.ts';
import type { OrgSettings } from '../settings/store.ts';

// Minimum necessary in every message: where to look, never the visitor's name, number or answers.

export function newLeadMessages(
  orgId: string,
  lead: { id: string; urgent: boolean },
  staffEmails: string[],
  appUrl: string,
): OutboxMessage[] {
  const subject = lead.urgent
    ? 'Ketaflow URGENT callback request: a self-check answer about self-harm'
    : 'Ketaflow: new callback request';
  const body = `${
    lead.urgent
      ? 'A callback request came in with a self-check that answers the question about thoughts of self-harm above "not at all". Call them back now.'
      : 'A new callback request came in from the public site.'
  } Sign in to see it: ${appUrl}/app/leads/${lead.id}`;
  return staffEmails.map((recipient) => ({
    orgId,
    kind: 'lead-new' as const,
    channel: 'email' as const,
    recipient,
    subject,
    body,
    relatedId: lead.id,
  }));
}

/** An urgent request also goes to the on-call channels that risk alerts use, so a person sees it now. */
export function urgentLeadPages(
  settings: OrgSettings,
  orgId: string,
  leadId: string,
  appUrl: string,
): OutboxMessage[] {
  const subject = 'Ketaflow URGENT: callback request with a suicide-risk self-check answer';
  const body = `Someone who asked for a callback answered PHQ-9 item 9 (thoughts of being better off dead or of self-harm) above "not at all". They are not yet a patient. A clinician must call them now. Sign in: ${appUrl}/app/leads/${leadId}`;
  const out: OutboxMessage[] = [];
  if (settings.onCallEmail)
    out.push({
      orgId,
      kind: 'lead-urgent',
      channel: 'email',
      recipient: settings.onCallEmail,
      subject,
      body,
      relatedId: leadId,
    });
  if (settings.onCallWebhookUrl)
    out.push({
      orgId,
      kind: 'lead-urgent',
      channel: 'webhook',
      recipient: settings.onCallWebhookUrl,
      subject,
      body,
      relatedId: leadId,
    });
  return out;
}
