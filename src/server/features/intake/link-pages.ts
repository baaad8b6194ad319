import formbody from '@fastify/formbody';
import type { FastifyReply } from 'fastify';
import { html, type Raw } from '../../http/html.ts';
import { patientPage, sendPatientPage } from '../../http/patient-page.ts';
import { AppError } from '../../http/problem.ts';
import type { App } from '../../http/types.ts';
import { type FormErrors, parseIntakeForm, readFormValues, renderIntakeForm } from './link-form.ts';
import { openIntakeLink, patientConsentForm, submitIntakeViaLink } from './service.ts';

/**
 * The patient's intake page behind a single-use link: server-rendered, works without JavaScript, on a
 * small phone, with a keyboard and with a screen reader; crisis help at the top of every page.
 */

function page(title: string, body: Raw, status = 200) {
  return patientPage(title, body, status, {
    bodyClass: 'intake-link-page',
    stylesheets: ['/intake.css'],
    skipLink: 'Skip to the form',
  });
}

function invalidLinkPage() {
  return page(
    'Link not valid',
    html`<h1>This link can't be used</h1>
<p>It has expired, was already used, or is not a valid link. Please ask your clinic for a new one.</p>
<p>If you need help now, <a href="tel:988">call 988</a> or <a href="sms:988">text 988</a>, or call <a href="tel:911">911</a> in an emergency.</p>`,
    404,
  );
}

function formPage(token: string, values: Record<string, string>, errors: FormErrors, status = 200) {
  return page(
    errors.size > 0 ? 'Your health history: please check' : 'Your health history',
    renderIntakeForm(token, values, errors, patientConsentForm()),
    status,
  );
}

export function intakeLinkPages(app: App): void {
  app.register(async (scope) => {
    await scope.register(formbody, { bodyLimit: 60_000 });

    scope.get('/i/:token', { schema: { hide: true } }, async (request, reply) => {
      const { token } = request.params as { token: string };
      try {
        await openIntakeLink(request.ctx.db, token, request.ctx.now);
        return sendPatientPage(reply, formPage(token, {}, new Map()));
      } catch (error) {
        if (error instanceof AppError && error.code === 'not-found')
          return sendPatientPage(reply, invalidLinkPage());
        throw error;
      }
    });

    scope.post('/i/:token', { schema: { hide: true } }, async (request, reply) => {
      const { token } = request.params as { token: string };
      const values = readFormValues(request.body);
      try {
        await openIntakeLink(request.ctx.db, token, request.ctx.now);
        const parsed = parseIntakeForm(values);
        if (!parsed.facts) return sendPatientPage(reply, formPage(token, values, parsed.errors, 400));
        const result = await submitIntakeViaLink(request.ctx, token, {
          facts: parsed.facts,
          consent: parsed.consent,
        });
        return sendPatientPage(
          reply,
          page(
            'Thank you',
            html`<h1>Thank you</h1>
<p>Your history was sent to your care team. A clinician will go through it with you before any treatment.</p>
${result.consentId ? html`<p>Your consent was recorded with your name and today’s date and time.</p>` : html`<p>You did not give consent on this page; you can do so at the clinic.</p>`}
<p>You can close this page.</p>`,
          ),
        );
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        if (error.code === 'not-found') return sendPatientPage(reply, invalidLinkPage());
        if (error.code === 'validation-failed') {
          return sendPatientPage(
            reply,
            formPage(
              token,
              values,
              new Map([['form', error.fields?.map((f) => f.message).join(' ') ?? error.detail]]),
              400,
            ),
          );
        }
        throw error;
      }
    });
  });

  app.get('/intake.css', { schema: { hide: true } }, async (_request, reply) =>
    reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=3600').send(INTAKE_CSS),
  );
}

const INTAKE_CSS = `.skip-link{position:absolute;left:-999px}
.skip-link:focus{left:1rem;top:1rem;background:#fff;color:#0b3d62;padding:.5rem;z-index:1}
.intake-link-page section{margin:2rem 0}
.intake-link-page h2{font-size:1.3rem;border-bottom:1px solid #c5ccd3;padding-bottom:.25rem}
.field{margin:0 0 1rem}
.field label{display:block;font-weight:600}
.field input,.field select,.field textarea{font:inherit;font-size:1rem;min-height:44px;padding:.4rem .5rem;border:1px solid #5f6b76;border-radius:.4rem;box-sizing:border-box;max-width:100%}
.field input.long,.field select,.field textarea{width:100%}
.field input.short{width:8rem}
.field.has-error input,.field.has-error select,.field.has-error textarea{border:2px solid #b3261e}
.field input:focus-visible,.field select:focus-visible,.field textarea:focus-visible{outline:3px solid #f4b400;outline-offset:2px}
.options.inline{display:flex;flex-wrap:wrap;gap:.25rem 1rem}
.required{font-weight:400;color:#4a5560;font-size:.9rem}
fieldset.row legend{font-size:1rem}
.pair{display:flex;flex-wrap:wrap;gap:0 1rem}
`;
