import { readFileSync } from 'node:fs';
import formbody from '@fastify/formbody';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { phq9Definition, scorePhq9 } from '../../../domain/instruments/index.ts';
import { appUrl } from '../../http/app-url.ts';
import { html, type Raw, raw } from '../../http/html.ts';
import { AppError, type FieldError } from '../../http/problem.ts';
import type { App, AppDeps } from '../../http/types.ts';
import { renderPublicPage } from '../site/layout.ts';
import { issueFormToken } from './form-token.ts';
import { type BEST_TIMES, CONSENT_TEXT, MESSAGE_MAX, NAME_MAX, validateCallback } from './input.ts';
import { serverSecret } from './server-secret.ts';
import { FORM_SECRET_NAME, submitCallbackRequest } from './service.ts';

const SCRIPT = readFileSync(new URL('./assets/callback.js', import.meta.url), 'utf8');
const SCRIPT_PATH = '/leads-callback.js';

const BEST_TIME_LABELS: Record<(typeof BEST_TIMES)[number], string> = {
  morning: 'Morning (9 to 12)',
  afternoon: 'Afternoon (12 to 5)',
  evening: 'Evening (5 to 8)',
  any: 'Any time',
};
const CONTACT_LABELS = { phone: 'Phone call', text: 'Text message', email: 'Email' } as const;

type Values = Record<string, string>;

const FIELDS = new Set([
  'name',
  'phone',
  'email',
  'bestTime',
  'preferredContact',
  'message',
  'consent',
  'selfCheck',
]);

/** `0,1,2,…` from the self-check page: nine answers from 0 to 3, or nothing. */
export function parseSelfCheck(value: unknown): number[] | undefined {
  if (typeof value !== 'string' || !/^[0-3](,[0-3]){8}$/.test(value)) return undefined;
  return value.split(',').map(Number);
}

function emergencyNote(): Raw {
  return html`<div class="crisis-panel" role="note" aria-labelledby="emergency-title">
<h2 id="emergency-title">Not for emergencies</h2>
<p>Do not use this form if you might harm yourself or someone else. <a href="tel:988">Call 988</a> or <a href="sms:988">text 988</a> now (Suicide &amp; Crisis Lifeline, any time), or call <a href="tel:911">911</a> in an emergency. We reply to this form in working hours.</p>
</div>`;
}

function fieldError(errors: Map<string, string>, name: string): Raw {
  const message = errors.get(name);
  return message ? html`<p class="field-error" id="err-${name}">${message}</p>` : html``;
}

function described(errors: Map<string, string>, name: string, hint?: string): Raw {
  const ids = [hint, errors.has(name) ? `err-${name}` : undefined].filter(Boolean).join(' ');
  return raw(`${ids ? ` aria-describedby="${ids}"` : ''}${errors.has(name) ? ' aria-invalid="true"' : ''}`);
}

function radios(
  name: string,
  legend: string,
  options: Record<string, string>,
  selected: string,
  errors: Map<string, string>,
): Raw {
  return html`<fieldset class="item${errors.has(name) ? ' has-error' : ''}" id="field-${name}"${described(errors, name)}>
<legend>${legend}</legend>
${fieldError(errors, name)}
<div class="options">${Object.entries(options).map(
    ([value, label]) =>
      html`<label class="option"><input type="radio" name="${name}" value="${value}"${selected === value ? raw(' checked') : ''}> <span>${label}</span></label>`,
  )}</div>
</fieldset>`;
}

function selfCheckSection(answers: number[] | undefined, send: boolean): Raw {
  if (!answers) return html``;
  const result = scorePhq9(Object.fromEntries(answers.map((v, i) => [`q${i + 1}`, v])));
  if (!result.ok) return html``;
  const band = phq9Definition.bands.find((b) => b.severity === result.severity);
  return html`<fieldset class="item" id="field-selfCheck">
<legend>Your self-check</legend>
<input type="hidden" name="selfCheck" value="${answers.join(',')}">
<label class="option"><input type="checkbox" name="sendSelfCheck" value="yes"${send ? raw(' checked') : ''}> <span>Send my self-check answers with this request (score ${result.total} out of 27, ${band?.label ?? ''} range)</span></label>
<p class="hint">Only if you tick this box do we keep your answers. A clinician reads them before calling you.</p>
</fieldset>`;
}

function crisisFirst(answers: number[] | undefined): Raw {
  if (!answers || (answers[8] ?? 0) === 0) return html``;
  return html`<section class="crisis-panel" role="alert" aria-labelledby="crisis-first-title">
<h2 id="crisis-first-title">If you are thinking about harming yourself, please get help now</h2>
<p><a href="tel:988">Call 988</a> or <a href="sms:988">text 988</a> to talk to someone right away, any time. In danger now? Call <a href="tel:911">911</a>.</p>
<p>You can still ask us to call you below; a person from our clinic will see it first thing.</p>
</section>`;
}

export function callbackFormBody(options: {
  values: Values;
  errors: FieldError[];
  formToken: string;
  selfCheck: number[] | undefined;
}): Raw {
  const { values, selfCheck } = options;
  const errors = new Map<string, string>();
  for (const e of options.errors) {
    const name = e.field.replace(/^body\./, '').split('.')[0] ?? 'body';
    if (!errors.has(name)) errors.set(name, e.message);
  }
  const summary = options.errors.length
    ? html`<div class="error-summary" role="alert" tabindex="-1" id="errors">
<h2>Please check the form</h2>
<ul>${[...errors].map(([name, message]) =>
        FIELDS.has(name) ? html`<li><a href="#field-${name}">${message}</a></li>` : html`<li>${message}</li>`,
      )}</ul>
</div>`
    : html``;
  const wantsSelfCheck =
    values.sendSelfCheck === undefined ? Boolean(selfCheck) : values.sendSelfCheck === 'yes';
  return html`<h1>Ask us to call you</h1>
${crisisFirst(selfCheck)}
${emergencyNote()}
<p>Leave your name and number and a person from our clinic will call you back, usually within one working day. It's free and you don't have to decide anything.</p>
${summary}
<form id="callback-form" method="post" action="/callback" novalidate>
<input type="hidden" name="formToken" value="${options.formToken}">
<div class="field${errors.has('name') ? ' has-error' : ''}" id="field-name">
<label for="name">Your name</label>
${fieldError(errors, 'name')}
<input type="text" id="name" name="name" autocomplete="name" maxlength="${NAME_MAX}" required value="${values.name ?? ''}"${described(errors, 'name')}>
</div>
<div class="field${errors.has('phone') ? ' has-error' : ''}" id="field-phone">
<label for="phone">Phone number</label>
<p class="hint" id="phone-hint">With the area code, for example 212 555 0100.</p>
${fieldError(errors, 'phone')}
<input type="tel" id="phone" name="phone" autocomplete="tel" maxlength="40" required value="${values.phone ?? ''}"${described(errors, 'phone', 'phone-hint')}>
</div>
<div class="field${errors.has('email') ? ' has-error' : ''}" id="field-email">
<label for="email">Email (optional)</label>
<p class="hint" id="email-hint">Needed only if you would like us to email you.</p>
${fieldError(errors, 'email')}
<input type="email" id="email" name="email" autocomplete="email" maxlength="254" value="${values.email ?? ''}"${described(errors, 'email', 'email-hint')}>
</div>
${radios('bestTime', 'Best time to reach you', BEST_TIME_LABELS, values.bestTime ?? 'any', errors)}
${radios('preferredContact', 'How should we contact you?', CONTACT_LABELS, values.preferredContact ?? 'phone', errors)}
<div class="field${errors.has('message') ? ' has-error' : ''}" id="field-message">
<label for="message">Anything you'd like us to know (optional)</label>
<p class="hint" id="message-hint">Up to ${MESSAGE_MAX} characters. Please don't include medical details you'd rather say on the phone.</p>
${fieldError(errors, 'message')}
<textarea id="message" name="message" rows="4" maxlength="${MESSAGE_MAX}"${described(errors, 'message', 'message-hint')}>${values.message ?? ''}</textarea>
</div>
${selfCheckSection(selfCheck, wantsSelfCheck)}
<div class="visually-hidden">
<label for="website">Leave this field empty</label>
<input type="text" id="website" name="website" tabindex="-1" autocomplete="off" value="">
</div>
<fieldset class="item${errors.has('consent') ? ' has-error' : ''}" id="field-consent"${described(errors, 'consent')}>
<legend>Your consent</legend>
${fieldError(errors, 'consent')}
<label class="option"><input type="checkbox" id="consent" name="consent" value="yes" required${values.consent === 'yes' ? raw(' checked') : ''}> <span>${CONSENT_TEXT}</span></label>
</fieldset>
<p><button type="submit" class="button">Ask for a call</button></p>
<p class="hint" id="form-status" role="status" aria-live="polite"></p>
</form>
<p class="privacy">We keep only what you send here, to call you back. Nothing on this page is shared with advertisers or other websites.</p>`;
}

export function confirmationBody(urgent: boolean): Raw {
  return html`<h1 id="sent-title" tabindex="-1">Thank you, we got your request</h1>
${
  urgent
    ? html`<section class="crisis-panel" role="alert" aria-labelledby="urgent-title">
<h2 id="urgent-title">Please don't wait for our call if you feel unsafe</h2>
<p><a href="tel:988">Call 988</a> or <a href="sms:988">text 988</a> now, any time. In danger now? Call <a href="tel:911">911</a>. We have told our clinical team to call you as soon as they can.</p>
</section>`
    : html``
}
<p>A person from our clinic will contact you, usually within one working day, at the time you chose.</p>
<p>If you need help before then, <a href="tel:988">call 988</a> or <a href="sms:988">text 988</a>, or call <a href="tel:911">911</a> in an emergency.</p>
<p><a href="/">Back to the home page</a></p>`;
}

function send(reply: FastifyReply, status: number, body: string) {
  return reply.code(status).header('cache-control', 'no-store').type('text/html; charset=utf-8').send(body);
}

function page(deps: AppDeps, request: FastifyRequest, title: string, body: Raw, noindex = false) {
  return renderPublicPage(
    deps.db,
    {
      title,
      description:
        'Ask the clinic to call you back about ketamine or esketamine treatment. Free, no obligation.',
      path: '/callback',
      body,
      scripts: [SCRIPT_PATH],
      noindex,
    },
    { origin: `${request.protocol}://${request.host}` },
  );
}

function formValues(body: unknown): Values {
  const out: Values = {};
  if (body && typeof body === 'object') {
    for (const [key, value] of Object.entries(body)) {
      if (typeof value === 'string') out[key] = value;
    }
  }
  return out;
}

export function callbackPages(app: App, deps: AppDeps): void {
  app.get(SCRIPT_PATH, { schema: { hide: true } }, async (_request, reply) =>
    reply.type('text/javascript; charset=utf-8').header('cache-control', 'public, max-age=3600').send(SCRIPT),
  );

  app.register(async (scope) => {
    await scope.register(formbody, { bodyLimit: 8_000 });

    const showForm = async (
      request: FastifyRequest,
      reply: FastifyReply,
      selfCheck: number[] | undefined,
    ) => {
      const formToken = issueFormToken(await serverSecret(deps.db, FORM_SECRET_NAME), request.ctx.now);
      return send(
        reply,
        200,
        await page(
          deps,
          request,
          'Ask us to call you',
          callbackFormBody({ values: {}, errors: [], formToken, selfCheck }),
          Boolean(selfCheck),
        ),
      );
    };

    scope.get('/callback', { schema: { hide: true } }, async (request, reply) =>
      showForm(request, reply, undefined),
    );

    // The self-check result hands its answers over in a POST body: in a URL they would stay in the
    // browser's history on a shared device and in proxy logs. Nothing is stored here; the visitor
    // still has to tick consent and send the callback form.
    scope.post('/callback/self-check', { schema: { hide: true } }, async (request, reply) =>
      showForm(request, reply, parseSelfCheck(formValues(request.body).selfCheck)),
    );

    scope.post('/callback', { schema: { hide: true } }, async (request, reply) => {
      const values = formValues(request.body);
      const selfCheck = parseSelfCheck(values.selfCheck);
      const input = {
        name: values.name ?? '',
        phone: values.phone ?? '',
        email: values.email ?? '',
        bestTime: values.bestTime || 'any',
        preferredContact: values.preferredContact || 'phone',
        message: values.message ?? '',
        consent: values.consent === 'yes',
        ...(selfCheck && values.sendSelfCheck === 'yes' ? { selfCheck } : {}),
        ...(values.formToken ? { formToken: values.formToken } : {}),
        ...(values.website ? { website: values.website } : {}),
      };
      const reshow = async (errors: FieldError[], status: number) => {
        const formToken =
          values.formToken && !errors.some((e) => e.field === 'body.formToken')
            ? values.formToken
            : issueFormToken(await serverSecret(deps.db, FORM_SECRET_NAME), request.ctx.now);
        return send(
          reply,
          status,
          await page(
            deps,
            request,
            'Please check the form',
            callbackFormBody({ values, errors, formToken, selfCheck }),
            true,
          ),
        );
      };
      const checked = validateCallback(input);
      if (!checked.ok) return reshow(checked.errors, 400);
      try {
        await submitCallbackRequest(request.ctx, checked.value, { appUrl: appUrl(request, deps.config) });
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        if (error.code === 'validation-failed') return reshow(error.fields ?? [], 400);
        for (const [name, value] of Object.entries(error.headers ?? {})) reply.header(name, value);
        return reshow([{ field: 'body.form', message: error.detail }], error.status);
      }
      const urgent = (checked.value.selfCheck?.[8] ?? 0) > 0;
      return send(reply, 200, await page(deps, request, 'Request sent', confirmationBody(urgent), true));
    });
  });
}
