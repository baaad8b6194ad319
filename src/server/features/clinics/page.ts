import { readFileSync } from 'node:fs';
import type { FastifyReply, FastifyRequest } from 'fastify';
import zipcodes from 'zipcodes';
import { html, type Raw, raw } from '../../http/html.ts';
import { AppError, type FieldError } from '../../http/problem.ts';
import type { App } from '../../http/types.ts';
import { renderPublicPage } from '../site/layout.ts';
import { NearQuerySchema } from './near-query.ts';
import { findClinicsNear, type NearResult } from './service.ts';

const SCRIPT = readFileSync(new URL('./assets/locate.js', import.meta.url), 'utf8');
const SCRIPT_PATH = '/clinics-locate.js';
const RADII = [10, 25, 50, 100, 250, 500];
const STATES = Object.entries(zipcodes.states.abbr as Record<string, string>).sort((a, b) =>
  a[1].localeCompare(b[1]),
);

type Values = Record<string, string>;

function telHref(phone: string): string {
  return `tel:${phone.replace(/[^\d+]/g, '')}`;
}

function searchForm(values: Values, errors: Map<string, string>): Raw {
  const radius = values.radiusMiles ?? '50';
  const err = (name: string) =>
    errors.has(name) ? html`<p class="field-error" id="err-${name}">${errors.get(name)}</p>` : html``;
  const aria = (name: string) =>
    errors.has(name) ? raw(` aria-describedby="err-${name}" aria-invalid="true"`) : raw('');
  return html`<form class="search-form locator-form" method="get" action="/clinics" role="search" aria-label="Find a clinic">
<div class="field" id="field-zip">
<label for="zip">ZIP code</label>
${err('zip')}
<input type="text" id="zip" name="zip" inputmode="numeric" autocomplete="postal-code" maxlength="10" value="${values.zip ?? ''}"${aria('zip')}>
</div>
<p class="hint">Or search by city:</p>
<div class="field" id="field-city">
<label for="city">City</label>
${err('city')}
<input type="text" id="city" name="city" autocomplete="address-level2" maxlength="100" value="${values.city ?? ''}"${aria('city')}>
</div>
<div class="field" id="field-state">
<label for="state">State</label>
${err('state')}
<select id="state" name="state"${aria('state')}>
<option value="">Choose a state</option>
${STATES.map(([code, name]) => html`<option value="${code}"${values.state === code ? raw(' selected') : ''}>${name}</option>`)}
</select>
</div>
<div class="field" id="field-radiusMiles">
<label for="radiusMiles">Within</label>
${err('radiusMiles')}
<select id="radiusMiles" name="radiusMiles"${aria('radiusMiles')}>
${RADII.map((r) => html`<option value="${r}"${String(r) === radius ? raw(' selected') : ''}>${r} miles</option>`)}
</select>
</div>
<p id="locator-actions"><button type="submit" class="button">Find clinics</button></p>
<p class="hint" id="locate-status" role="status" aria-live="polite"></p>
</form>`;
}

function results(result: NearResult): Raw {
  if (result.clinics.length === 0) {
    return html`<p>No clinics found within ${result.radiusMiles} miles of ${result.origin.label}. Try a larger distance.</p>`;
  }
  return html`<p>${result.clinics.length} ${result.clinics.length === 1 ? 'clinic' : 'clinics'} within ${result.radiusMiles} miles of ${result.origin.label}, nearest first.</p>
<ol class="results clinic-results">
${result.clinics.map(
  (c) => html`<li>
<h3>${c.name}${c.kind === 'our-location' ? html` <span class="note">(our clinic)</span>` : ''}</h3>
<p><strong>${c.distanceMiles.toFixed(1)} miles away</strong></p>
<address>${c.address}<br>${c.city}, ${c.state} ${c.zip}</address>
${c.phone ? html`<p>Phone: <a href="${telHref(c.phone)}">${c.phone}</a></p>` : ''}
${c.website ? html`<p>Website: <a href="${c.website}" rel="noopener noreferrer">${c.website.replace(/^https?:\/\//, '')}</a></p>` : ''}
${c.services.length ? html`<p>Services: ${c.services.map((s) => s.label).join(', ')}</p>` : ''}
${c.accreditations.length ? html`<p>Accreditations: ${c.accreditations.join(', ')}</p>` : ''}
</li>`,
)}
</ol>`;
}

const MORE_HELP = html`<section aria-labelledby="more-options">
<h2 id="more-options">More treatment options</h2>
<p>For other kinds of mental health and substance use treatment near you, search <a href="https://findtreatment.gov/">FindTreatment.gov</a>, run by SAMHSA (the US Substance Abuse and Mental Health Services Administration).</p>
<p>SAMHSA's National Helpline is free, private and open any time: <a href="tel:18006624357">1-800-662-4357</a>.</p>
<p>In crisis? <a href="tel:988">Call 988</a> or <a href="sms:988">text 988</a>. In an emergency call <a href="tel:911">911</a>.</p>
</section>`;

function send(reply: FastifyReply, status: number, body: string) {
  return (
    reply
      .code(status)
      .type('text/html; charset=utf-8')
      // The "use my location" button needs the browser's geolocation on this page only.
      .header('permissions-policy', 'camera=(), microphone=(), geolocation=(self), interest-cohort=()')
      .send(body)
  );
}

export function clinicPages(app: App): void {
  app.get(SCRIPT_PATH, { schema: { hide: true } }, async (_request, reply) =>
    reply.type('text/javascript; charset=utf-8').header('cache-control', 'public, max-age=3600').send(SCRIPT),
  );

  app.get(
    '/clinics',
    {
      schema: { hide: true },
      // Runs after the app-wide security headers, which deny geolocation everywhere else.
      onSend: async (_request, reply) => {
        reply.header(
          'permissions-policy',
          'camera=(), microphone=(), geolocation=(self), interest-cohort=()',
        );
      },
    },
    async (request: FastifyRequest, reply) => {
      const raw = request.query as Record<string, unknown>;
      const values: Values = {};
      for (const [k, v] of Object.entries(raw)) if (typeof v === 'string') values[k] = v.slice(0, 200);
      const searched = Boolean(values.zip || values.city || values.lat || values.lon);
      let errors: FieldError[] = [];
      let found: NearResult | undefined;
      if (searched) {
        const parsed = NearQuerySchema.safeParse({
          ...(values.zip ? { zip: values.zip } : {}),
          ...(values.city ? { city: values.city } : {}),
          ...(values.state ? { state: values.state } : {}),
          ...(values.lat ? { lat: values.lat } : {}),
          ...(values.lon ? { lon: values.lon } : {}),
          radiusMiles: values.radiusMiles || '50',
        });
        if (!parsed.success) {
          errors = parsed.error.issues.map((i) => ({
            field: String(i.path[0] ?? 'zip'),
            message: i.message,
          }));
        } else {
          try {
            found = await findClinicsNear(request.ctx, parsed.data);
          } catch (error) {
            if (!(error instanceof AppError) || error.code !== 'validation-failed') throw error;
            errors = (error.fields ?? []).map((f) => ({
              ...f,
              field: f.field.replace(/^querystring\./, ''),
            }));
          }
        }
      }
      const byField = new Map(
        errors.map((e) => [e.field === 'lat' || e.field === 'lon' ? 'zip' : e.field, e.message]),
      );
      const body = html`<h1>Find a clinic</h1>
<p>Find our clinic and other clinics that offer ketamine or esketamine treatment near you. Enter a ZIP code, or a city and state.</p>
${
  errors.length
    ? html`<div class="error-summary" role="alert" id="errors"><h2>Please check your search</h2><ul>${[
        ...byField,
      ].map(([name, message]) => html`<li><a href="#field-${name}">${message}</a></li>`)}</ul></div>`
    : ''
}
${searchForm(values, byField)}
${found ? html`<section aria-labelledby="results-title"><h2 id="results-title">Clinics near you</h2>${results(found)}</section>` : ''}
<p class="hint">Distances are straight-line miles between ZIP code centres. Listing in this directory is not a recommendation; ask each clinic about its services.</p>
${MORE_HELP}`;
      const page = await renderPublicPage(
        request.ctx.db,
        {
          title: 'Find a clinic',
          description: 'Find ketamine and esketamine clinics near a US ZIP code or city, sorted by distance.',
          path: '/clinics',
          body,
          scripts: [SCRIPT_PATH],
          noindex: searched,
        },
        { origin: `${request.protocol}://${request.host}` },
      );
      return send(reply, errors.length ? 400 : 200, page);
    },
  );
}
