import { html } from '../../http/html.ts';
import type { App, AppDeps } from '../../http/types.ts';
import { loadSiteBrand } from './brand.ts';
import { configurePublicSite, renderPublicPage } from './layout.ts';
import { siteCss } from './site-css.ts';

export function siteRoutes(app: App, deps: AppDeps): void {
  configurePublicSite({ publicUrl: deps.config.publicUrl });

  app.get('/', { schema: { hide: true } }, async (_request, reply) =>
    reply.type('text/html; charset=utf-8').send(
      await renderPublicPage(deps.db, {
        title: 'Home',
        description: 'Ketamine and esketamine treatment for depression, explained in plain words.',
        path: '/',
        body: html`<h1>Help for depression that has not got better</h1>
<p><a class="button" href="/app/login">Staff and patient sign-in</a></p>`,
      }),
    ),
  );

  app.get('/site.css', { schema: { hide: true } }, async (request, reply) => {
    const brand = await loadSiteBrand(deps.db);
    const versioned = typeof (request.query as { v?: unknown }).v === 'string';
    return reply
      .type('text/css; charset=utf-8')
      .header('cache-control', versioned ? 'public, max-age=31536000, immutable' : 'public, max-age=300')
      .send(siteCss(brand));
  });
}
