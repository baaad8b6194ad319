import { html } from '../../http/html.ts';
import { patientPage, sendPatientPage } from '../../http/patient-page.ts';
import { AppError } from '../../http/problem.ts';
import type { App } from '../../http/types.ts';
import { type OpenInstructions, openInstructionLink } from './discharge-instructions.ts';

/** The patient's page behind a discharge-instructions link (/d/…): text only, works without JavaScript. */

function instructionsPage(open: OpenInstructions) {
  const phone = open.clinicPhone;
  return patientPage(
    'Your instructions after treatment',
    html`<h1>Your instructions after treatment</h1>
<p>From your session on ${open.sessionDate} at ${open.locationName}.</p>
<ul class="discharge-instructions">
  ${open.instructions.items.map((item) => html`<li>${item.text}</li>`)}
</ul>
<h2>Whom to call</h2>
<ul>
  ${phone ? html`<li>If you feel unwell or have a question: your clinic, <a href="tel:${phone.replace(/[^0-9+]/g, '')}">${phone}</a>.</li>` : html`<li>If you feel unwell or have a question: your clinic.</li>`}
  <li>In a crisis: <a href="tel:988">call 988</a> or <a href="sms:988">text 988</a> (Suicide &amp; Crisis Lifeline), any time.</li>
  <li>In an emergency: call <a href="tel:911">911</a>.</li>
</ul>
<p>This link works once. To keep these instructions, print this page or save it now.</p>`,
  );
}

function invalidLinkPage() {
  return patientPage(
    'Link not valid',
    html`<h1>This link can't be used</h1>
<p>It has expired, was already used, or is not a valid link. Please ask your clinic for your instructions again.</p>
<p>If you need help now, <a href="tel:988">call 988</a> or <a href="sms:988">text 988</a>, or call <a href="tel:911">911</a> in an emergency.</p>`,
    404,
  );
}

export function dischargeInstructionPages(app: App): void {
  app.get('/d/:token', { schema: { hide: true } }, async (request, reply) => {
    const { token } = request.params as { token: string };
    try {
      const open = await openInstructionLink(request.ctx.db, token, request.ctx.now, {
        requestId: request.ctx.requestId,
        ip: request.ctx.ip,
      });
      return sendPatientPage(reply, instructionsPage(open));
    } catch (error) {
      if (error instanceof AppError && error.code === 'not-found') {
        return sendPatientPage(reply, invalidLinkPage());
      }
      throw error;
    }
  });
}
