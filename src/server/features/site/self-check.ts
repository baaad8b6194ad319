import formbody from '@fastify/formbody';
import { phq9Definition, scorePhq9 } from '../../../domain/instruments/phq9.ts';
import { html, type Raw, raw } from '../../http/html.ts';
import type { FieldError } from '../../http/problem.ts';
import type { App, AppDeps } from '../../http/types.ts';
import { loadSiteBrand } from './brand.ts';
import { renderShell } from './layout.ts';
import { publicScript } from './public-script.ts';
import { selfCheckResultHtml } from './self-check-view.ts';

const SCORED = phq9Definition.listOrder;
const FIELDS = [...SCORED, 'difficulty'];

type Values = Record<string, string>;

function itemFieldset(id: string, values: Values, error: string | undefined): Raw {
  const item = phq9Definition.items.find((i) => i.id === id);
  if (!item) return html``;
  const errorId = `${id}-error`;
  return html`<fieldset class="item${error ? ' has-error' : ''}" id="${id}"${error ? raw(` aria-describedby="${errorId}"`) : ''}>
<legend>${item.number}. ${item.text}${item.scored ? '' : html` <span class="hint">(optional)</span>`}</legend>
${error ? html`<p class="field-error" id="${errorId}">${error}</p>` : ''}
<div class="options">${item.options.map(
    (option) =>
      html`<label class="option"><input type="radio" name="${id}" value="${option.value}" id="${id}-${option.value}"${values[id] === String(option.value) ? raw(' checked') : ''}${item.scored ? raw(' required') : ''}> ${option.label}</label>`,
  )}</div>
</fieldset>`;
}

export function selfCheckFormBody(values: Values, errors: FieldError[], helpline: string | null): Raw {
  const byField = new Map(errors.map((e) => [e.field.replace(/^body\./, ''), e.message]));
  return html`<h1>Depression self-check</h1>
<div class="self-check-intro">
<p class="lead">Nine questions about the last two weeks. It takes about two minutes.</p>
<p>This is the PHQ-9, a short form doctors use to see how strong the signs of depression are. It is not a diagnosis. We do not store your answers. Your score is worked out and shown to you, and then it is gone.</p>
<p>If you are in crisis now, do not wait: <a href="tel:988">call 988</a> or <a href="sms:988">text 988</a>, or call <a href="tel:911">911</a> in an emergency.</p>
</div>
<div id="self-check-result" aria-live="polite"></div>
<form id="self-check" method="post" action="/self-check" novalidate data-helpline="${helpline ?? ''}">
${
  errors.length > 0
    ? html`<div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex="-1">
<h2 id="error-summary-title">Please answer every question</h2>
<ul>${errors.map((e) => html`<li><a href="#${e.field.replace(/^body\./, '')}-0">${e.message}</a></li>`)}</ul>
</div>`
    : ''
}
<p class="stem"><strong>${phq9Definition.stem}</strong></p>
${FIELDS.map((id) => itemFieldset(id, values, byField.get(id)))}
<button class="button" type="submit">See my result</button>
<p class="copyright">PHQ-9: ${phq9Definition.licence.copyright}</p>
</form>`;
}

/** Reads the posted answers strictly: each one a single digit from the item's options, or missing. */
export function readSelfCheckForm(body: unknown): {
  values: Values;
  answers: Record<string, number>;
  errors: FieldError[];
} {
  const form = (typeof body === 'object' && body ? body : {}) as Record<string, unknown>;
  const values: Values = {};
  const answers: Record<string, number> = {};
  const errors: FieldError[] = [];
  for (const id of FIELDS) {
    const item = phq9Definition.items.find((i) => i.id === id);
    const rawValue = form[id];
    const text = typeof rawValue === 'string' ? rawValue : '';
    const option = item?.options.find((o) => String(o.value) === text);
    if (option) {
      values[id] = text;
      answers[id] = option.value;
    } else if (item?.scored) {
      errors.push({
        field: `body.${id}`,
        message:
          text === ''
            ? `Choose an answer for question ${item.number}.`
            : `Choose one of the answers for question ${item.number}.`,
      });
    }
  }
  return { values, answers, errors };
}

export function selfCheckRoutes(app: App, deps: AppDeps): void {
  const page = async (body: Raw, scripts: string[], helplineNoindex = false) => {
    const brand = await loadSiteBrand(deps.db);
    return renderShell(brand, {
      title: 'Depression self-check',
      description:
        'A free, private depression self-check (PHQ-9): nine questions, your score and what it means. Nothing is stored.',
      path: '/self-check',
      body,
      scripts,
      noindex: helplineNoindex,
    });
  };

  app.get('/site/self-check.js', { schema: { hide: true } }, async (_request, reply) => {
    const script = await publicScript('self-check-client.ts');
    return reply
      .type('text/javascript; charset=utf-8')
      .header('cache-control', 'public, max-age=3600')
      .send(script.code);
  });

  app.register(async (scope) => {
    await scope.register(formbody, { bodyLimit: 4_000 });

    scope.get('/self-check', { schema: { hide: true } }, async (_request, reply) => {
      const brand = await loadSiteBrand(deps.db);
      const helpline = brand?.helplinePhone ?? brand?.clinicPhone ?? null;
      return reply
        .type('text/html; charset=utf-8')
        .send(await page(selfCheckFormBody({}, [], helpline), ['/site/self-check.js']));
    });

    // Answers are scored and shown, never stored or logged; the result page is not cached.
    scope.post('/self-check', { schema: { hide: true } }, async (request, reply) => {
      const brand = await loadSiteBrand(deps.db);
      const helpline = brand?.helplinePhone ?? brand?.clinicPhone ?? null;
      const { values, answers, errors } = readSelfCheckForm(request.body);
      const result = errors.length === 0 ? scorePhq9(answers) : null;
      reply.header('cache-control', 'no-store').type('text/html; charset=utf-8');
      if (!result?.ok) {
        return reply
          .code(400)
          .send(await page(selfCheckFormBody(values, errors, helpline), ['/site/self-check.js'], true));
      }
      return reply.send(
        await page(
          html`<h1>Your self-check result</h1>
${raw(selfCheckResultHtml(result, helpline))}`,
          [],
          true,
        ),
      );
    });
  });
}
