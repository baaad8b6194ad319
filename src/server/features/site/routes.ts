import formbody from '@fastify/formbody';
import { html, type Raw } from '../../http/html.ts';
import type { App, AppDeps } from '../../http/types.ts';
import { brandingRoutes } from '../settings/branding-routes.ts';
import { loadSiteBrand } from './brand.ts';
import { contentPages } from './content.ts';
import { canonicalUrl, configurePublicSite } from './layout.ts';
import { contentPageBody, referencesBody } from './pages.ts';
import { placesRoutes } from './places-routes.ts';
import { ensureSearchIndex } from './search.ts';
import { searchPageBody } from './search-page.ts';
import { selfCheckRoutes } from './self-check.ts';
import { origin, sendPage } from './send-page.ts';
import { siteAdminRoutes } from './site-admin-routes.ts';
import { siteCss } from './site-css.ts';
import { medicalClinicData, publicPaths } from './site-index.ts';

const HOME_ACTIONS: Raw = html`<div class="cta">
<a class="button" href="/callback">Ask us to call you</a>
<a class="button secondary" href="/self-check">Take the self-check</a>
<a class="button secondary" href="/clinics">Find a clinic</a>
</div>`;

export function siteRoutes(app: App, deps: AppDeps): void {
  configurePublicSite({ publicUrl: deps.config.publicUrl });
  const { db } = deps;

  for (const page of contentPages()) {
    app.get(page.path, { schema: { hide: true } }, async (request, reply) => {
      const brand = await loadSiteBrand(db);
      const isHome = page.path === '/';
      return sendPage(reply, request, brand, {
        title: page.title,
        description: page.description,
        path: page.path,
        body: isHome ? html`${contentPageBody(page)}${HOME_ACTIONS}` : contentPageBody(page),
        ...(isHome && brand ? { structuredData: await medicalClinicData(db, brand, origin(request)) } : {}),
      });
    });
  }

  app.get('/references', { schema: { hide: true } }, async (request, reply) =>
    sendPage(reply, request, await loadSiteBrand(db), {
      title: 'References',
      description: 'The numbered sources behind every health fact on this site.',
      path: '/references',
      body: referencesBody(),
    }),
  );

  selfCheckRoutes(app, deps);
  placesRoutes(app, deps);
  siteAdminRoutes(app);
  brandingRoutes(app);

  app.register(async (scope) => {
    await scope.register(formbody, { bodyLimit: 2_000 });
    scope.get('/search', { schema: { hide: true } }, async (request, reply) => {
      const brand = await loadSiteBrand(db);
      const q = (request.query as { q?: unknown }).q;
      const query = typeof q === 'string' ? q.trim() : '';
      if (brand && query) await ensureSearchIndex(db, brand, deps.now());
      const { body, status } = await searchPageBody(db, brand, query);
      return sendPage(
        reply,
        request,
        brand,
        {
          title: 'Search',
          description: 'Search every page of this site.',
          path: '/search',
          body,
          noindex: query !== '',
        },
        status,
      );
    });
  });

  app.get('/robots.txt', { schema: { hide: true } }, async (request, reply) =>
    reply
      .type('text/plain; charset=utf-8')
      .send(
        [
          'User-agent: *',
          'Disallow: /app',
          'Disallow: /api',
          'Disallow: /i/',
          'Disallow: /m/',
          'Disallow: /fhir',
          `Sitemap: ${canonicalUrl('/sitemap.xml', origin(request))}`,
          '',
        ].join('\n'),
      ),
  );

  app.get('/sitemap.xml', { schema: { hide: true } }, async (request, reply) => {
    const brand = await loadSiteBrand(db);
    const paths = await publicPaths(db, brand);
    const urls = paths.map((p) => html`<url><loc>${canonicalUrl(p, origin(request))}</loc></url>`);
    return reply.type('application/xml; charset=utf-8').send(
      html`<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
${urls}
</urlset>
`.html,
    );
  });

  app.get('/site.css', { schema: { hide: true } }, async (request, reply) => {
    const brand = await loadSiteBrand(db);
    const versioned = typeof (request.query as { v?: unknown }).v === 'string';
    return reply
      .type('text/css; charset=utf-8')
      .header('cache-control', versioned ? 'public, max-age=31536000, immutable' : 'public, max-age=300')
      .send(siteCss(brand));
  });
}
