import nodemailer from 'nodemailer';
import type { Config } from '../../config.ts';

export type Message = {
  channel: 'email' | 'webhook';
  recipient: string;
  subject: string;
  body: string;
  kind: string;
};

export type Delivery = (message: Message) => Promise<void>;

const WEBHOOK_TIMEOUT_MS = 10_000;

/** Sends one message over its channel, or throws with a reason that is safe to store. */
export function createDelivery(config: Pick<Config, 'smtpUrl' | 'smtpFrom'>): Delivery {
  const transport = config.smtpUrl ? nodemailer.createTransport(config.smtpUrl) : undefined;
  return async (message) => {
    if (message.channel === 'email') {
      if (!transport)
        throw new Error('SMTP is not configured (SMTP_URL); the message waits on the outbox page');
      await transport.sendMail({
        from: config.smtpFrom,
        to: message.recipient,
        subject: message.subject,
        text: message.body,
      });
      return;
    }
    const response = await fetch(message.recipient, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ kind: message.kind, subject: message.subject, text: message.body }),
      signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
      redirect: 'error',
    }).catch((error: Error) => {
      throw new Error(`webhook unreachable: ${error.name}`);
    });
    if (!response.ok) throw new Error(`webhook answered HTTP ${response.status}`);
  };
}
