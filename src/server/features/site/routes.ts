import type { App } from '../../http/types.ts';

// A placeholder front door until the public site lands: crisis routing first, then staff sign-in.
const HOME = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Ketaflow</title>
<link rel="stylesheet" href="/site.css">
</head>
<body>
<div class="crisis" role="region" aria-label="Crisis help">
  In crisis? Call or text <a href="tel:988">988</a> (Suicide &amp; Crisis Lifeline). In an emergency call <a href="tel:911">911</a>.
</div>
<main>
  <h1>Ketaflow</h1>
  <p>Practice software for clinics that offer ketamine and esketamine treatment for depression.</p>
  <p><a class="button" href="/app/login">Staff and patient sign-in</a></p>
</main>
</body>
</html>
`;

const CSS = `body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1b1f24;background:#fff;line-height:1.5}
.crisis{background:#0b3d62;color:#fff;padding:.6rem 1rem;font-weight:600}
.crisis a{color:#fff}
main{max-width:40rem;margin:3rem auto;padding:0 1rem}
.button{display:inline-block;background:#0b5394;color:#fff;padding:.7rem 1.2rem;border-radius:.4rem;text-decoration:none}
.button:focus-visible,a:focus-visible{outline:3px solid #f4b400;outline-offset:2px}
`;

export function siteRoutes(app: App): void {
  app.get('/', { schema: { hide: true } }, async (_request, reply) =>
    reply.type('text/html; charset=utf-8').send(HOME),
  );
  app.get('/site.css', { schema: { hide: true } }, async (_request, reply) =>
    reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=3600').send(CSS),
  );
}
