import { randomUUID } from 'node:crypto';
import formbody from '@fastify/formbody';
import type { FastifyReply } from 'fastify';
import type { InstrumentDefinition, InstrumentItem } from '../../../domain/instruments/index.ts';
import { appUrl } from '../../http/app-url.ts';
import { html, type Raw } from '../../http/html.ts';
import { patientPage, sendPatientPage } from '../../http/patient-page.ts';
import { AppError, type FieldError } from '../../http/problem.ts';
import type { App, AppDeps } from '../../http/types.ts';
import type { CrisisResources } from './crisis.ts';
import { clinicInstruments } from './instruments.ts';
import { openMeasureLink, submitViaLink } from './service.ts';

/**
 * The patient's questionnaire page behind a single-use link: server-rendered, one questionnaire at a
 * time, works without JavaScript on a small phone, with a keyboard and with a screen reader.
 */

function page(title: string, body: Raw, status = 200) {
  return patientPage(title, body, status, { bodyClass: 'measure-link-page', script: '/questionnaire.js' });
}

function crisisPanel(crisis: CrisisResources, kiosk: boolean): Raw {
  return html`<section class="crisis-panel" role="alert" aria-labelledby="crisis-title">
  <h2 id="crisis-title">If you are thinking about harming yourself, help is available now</h2>
  <ul>
    ${crisis.lines.map(
      (line) =>
        html`<li><strong>${line.label}:</strong> ${
          line.text
            ? html`<a href="tel:${line.phone}">call ${line.phone}</a> or <a href="sms:${line.text}">text ${line.text}</a>`
            : html`<a href="tel:${line.phone}">${line.phone}</a>`
        }. ${line.note}</li>`,
    )}
  </ul>
  <p>Your care team has been alerted and a clinician will follow up with you.${kiosk ? ' Please tell a member of staff now.' : ''}</p>
</section>`;
}

function itemField(
  definition: InstrumentDefinition,
  item: InstrumentItem,
  answers: Record<string, string>,
  errors: Map<string, string>,
): Raw {
  const name = `a_${item.id}`;
  const error = errors.get(item.id);
  const condition =
    item.presence.kind === 'when'
      ? definition.items.find((i) => i.id === (item.presence as { item: string }).item)
      : undefined;
  const conditionText =
    condition && item.presence.kind === 'when'
      ? `Answer only if you answered "${condition.options.find((o) => o.value === (item.presence as { equals: number }).equals)?.label ?? 'Yes'}" to ${condition.ref}.`
      : item.presence.kind === 'optional'
        ? 'Optional.'
        : '';
  const legend = item.text ?? item.name;
  return html`<fieldset class="item${error ? ' has-error' : ''}" ${
    condition && item.presence.kind === 'when'
      ? html`data-when-item="a_${condition.id}" data-when-equals="${item.presence.equals}"`
      : ''
  } ${error ? html`aria-describedby="err-${item.id}"` : ''}>
  <legend><span class="item-number">${item.number}.</span> ${legend}</legend>
  ${conditionText ? html`<p class="hint">${conditionText}</p>` : ''}
  ${error ? html`<p class="field-error" id="err-${item.id}">${error}</p>` : ''}
  <div class="options">
    ${item.options.map(
      (option) =>
        html`<label class="option"><input type="radio" name="${name}" value="${option.value}" ${
          answers[name] === String(option.value) ? 'checked' : ''
        }> <span>${option.label ?? String(option.value)}</span></label>`,
    )}
  </div>
</fieldset>`;
}

function questionnaireForm(
  token: string,
  definition: InstrumentDefinition,
  remaining: number,
  answers: Record<string, string>,
  errors: FieldError[],
): Raw {
  const byItem = new Map(errors.map((e) => [e.field.replace(/^body\.answers\.?/, ''), e.message]));
  const general = errors.filter((e) => !definition.items.some((i) => e.field.endsWith(`.${i.id}`)));
  return html`<h1>${definition.name}</h1>
${remaining > 1 ? html`<p class="progress">${remaining} short questionnaires to go, this one included.</p>` : ''}
${
  errors.length
    ? html`<div class="error-summary" role="alert" tabindex="-1" id="errors"><h2>Please check your answers</h2><ul>${[
        ...general.map((e) => html`<li>${e.message}</li>`),
        ...[...byItem]
          .filter(([id]) => definition.items.some((i) => i.id === id))
          .map(([id, message]) => html`<li><a href="#q-${id}">${message}</a></li>`),
      ]}</ul></div>`
    : ''
}
${definition.stem ? html`<p class="stem">${definition.stem}</p>` : html`<p class="stem">${definition.timeFrame}</p>`}
<form method="post" action="/m/${token}" novalidate>
  <input type="hidden" name="instrument" value="${definition.id}">
  <input type="hidden" name="idempotencyKey" value="${answers.idempotencyKey ?? randomUUID()}">
  ${definition.items.map((item) => html`<div id="q-${item.id}">${itemField(definition, item, answers, byItem)}</div>`)}
  <p><button type="submit" class="button">Send my answers</button></p>
</form>
${definition.licence.copyright ? html`<p class="copyright">${definition.licence.copyright}</p>` : ''}
<p class="privacy">Your answers go only to your care team at the clinic. This page does not use cookies.</p>`;
}

function invalidLinkPage(): { status: number; html: string } {
  return page(
    'Link not valid',
    html`<h1>This link can't be used</h1>
<p>It has expired, was already used, or is not a valid link. Please ask your clinic for a new one.</p>
<p>If you need help now, <a href="tel:988">call 988</a> or <a href="sms:988">text 988</a>, or call <a href="tel:911">911</a> in an emergency.</p>`,
    404,
  );
}

/** Answers from the form, with questions that did not apply (a "when" whose condition failed) left out. */
function answersFromForm(
  definition: InstrumentDefinition,
  form: Record<string, string>,
): Record<string, number | null> {
  const values: Record<string, number | null> = {};
  for (const item of definition.items) {
    const text = form[`a_${item.id}`];
    values[item.id] = text === undefined || text === '' ? null : Number(text);
  }
  for (const item of definition.items) {
    if (item.presence.kind === 'when' && values[item.presence.item] !== item.presence.equals)
      values[item.id] = null;
  }
  return values;
}

export function measureLinkPages(app: App, deps: AppDeps): void {
  app.register(async (scope) => {
    await scope.register(formbody, { bodyLimit: 20_000 });

    scope.get('/m/:token', { schema: { hide: true } }, async (request, reply) => {
      const { token } = request.params as { token: string };
      try {
        const link = await openMeasureLink(request.ctx.db, token, request.ctx.now);
        const next = (await clinicInstruments(request.ctx.db, link.orgId)).find(
          (d) => d.id === link.remaining[0],
        );
        if (!next) return sendPatientPage(reply, invalidLinkPage());
        return sendPatientPage(
          reply,
          page(next.name, questionnaireForm(token, next, link.remaining.length, {}, [])),
        );
      } catch (error) {
        if (error instanceof AppError && error.code === 'not-found')
          return sendPatientPage(reply, invalidLinkPage());
        throw error;
      }
    });

    scope.post('/m/:token', { schema: { hide: true } }, async (request, reply) => {
      const { token } = request.params as { token: string };
      const form = (typeof request.body === 'object' && request.body ? request.body : {}) as Record<
        string,
        string
      >;
      let link: Awaited<ReturnType<typeof openMeasureLink>> | undefined;
      try {
        link = await openMeasureLink(request.ctx.db, token, request.ctx.now);
      } catch (error) {
        if (!(error instanceof AppError && error.code === 'not-found')) throw error;
      }
      const orgId = link?.orgId;
      const definitions = orgId ? await clinicInstruments(request.ctx.db, orgId) : [];
      const definition = definitions.find((d) => d.id === form.instrument);
      const idempotencyKey = typeof form.idempotencyKey === 'string' ? form.idempotencyKey : '';
      try {
        const result = await submitViaLink(
          request.ctx,
          token,
          {
            instrument: String(form.instrument ?? ''),
            answers: definition ? answersFromForm(definition, form) : {},
            idempotencyKey,
          },
          appUrl(request, deps.config),
        );
        const crisis = result.crisis ? crisisPanel(result.crisis, result.kiosk) : '';
        if (result.remaining.length > 0) {
          return sendPatientPage(
            reply,
            page(
              'Thank you',
              html`${crisis}<h1>Thank you</h1><p>Your answers were sent.</p><p><a class="button" href="/m/${token}">Next questionnaire</a></p>`,
            ),
          );
        }
        return sendPatientPage(
          reply,
          page(
            result.kiosk ? 'Please hand the tablet back' : 'Thank you',
            result.kiosk
              ? html`${crisis}<h1>Thank you</h1><p class="kiosk-locked">You're done. Please hand the tablet back to the clinic staff.</p>`
              : html`${crisis}<h1>Thank you</h1><p>Your answers were sent to your care team. You can close this page.</p>`,
          ),
        );
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        if (error.code === 'not-found') return sendPatientPage(reply, invalidLinkPage());
        if (error.code === 'validation-failed' && definition && link) {
          return sendPatientPage(
            reply,
            page(
              `${definition.name}: please check`,
              questionnaireForm(
                token,
                definition,
                link.remaining.length,
                { ...form, idempotencyKey },
                error.fields ?? [{ field: 'body', message: error.detail }],
              ),
              400,
            ),
          );
        }
        return sendPatientPage(
          reply,
          page(
            'Something went wrong',
            html`<h1>We could not save your answers</h1><p>${error.detail}</p><p><a href="/m/${token}">Try again</a></p>`,
            error.status,
          ),
        );
      }
    });
  });

  // Hides questions that do not apply; without JavaScript they show with a note instead.
  app.get('/questionnaire.js', { schema: { hide: true } }, async (_request, reply) =>
    reply
      .type('text/javascript; charset=utf-8')
      .header('cache-control', 'public, max-age=3600')
      .send(QUESTIONNAIRE_JS),
  );
}

const QUESTIONNAIRE_JS = `(() => {
  const update = () => {
    for (const fieldset of document.querySelectorAll('fieldset[data-when-item]')) {
      const checked = document.querySelector('input[name="' + fieldset.dataset.whenItem + '"]:checked');
      const applies = checked && checked.value === fieldset.dataset.whenEquals;
      fieldset.hidden = !applies;
      if (!applies) for (const input of fieldset.querySelectorAll('input')) input.checked = false;
    }
  };
  document.addEventListener('change', update);
  update();
  const summary = document.getElementById('errors');
  if (summary) summary.focus();
})();
`;
