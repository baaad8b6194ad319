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
button.button{border:0;font:inherit;font-size:1.05rem;cursor:pointer;min-height:44px}
fieldset.item{border:1px solid #c5ccd3;border-radius:.5rem;margin:0 0 1rem;padding:.75rem 1rem}
fieldset.item.has-error{border:2px solid #b3261e}
legend{font-weight:600;padding:0 .25rem}
.options{display:grid;gap:.25rem;margin-top:.5rem}
.option{display:flex;align-items:center;gap:.6rem;min-height:44px;padding:0 .5rem;border-radius:.4rem}
.option:hover{background:#eef3f8}
.option input{width:1.25rem;height:1.25rem;margin:0}
input:focus-visible{outline:3px solid #f4b400;outline-offset:2px}
.hint{color:#4a5560;margin:.25rem 0}
.field-error{color:#b3261e;font-weight:600;margin:.25rem 0}
.error-summary{border:2px solid #b3261e;border-radius:.5rem;padding:.5rem 1rem;margin-bottom:1rem}
.error-summary a{color:#b3261e}
.crisis-panel{border:3px solid #b3261e;background:#fdecea;border-radius:.5rem;padding:1rem;margin-bottom:1.5rem}
.crisis-panel h2{margin-top:0;font-size:1.25rem}
.crisis-panel a{color:#7a1410;font-weight:700}
.stem{font-size:1.05rem}
.copyright,.privacy,.progress{color:#4a5560;font-size:.9rem}
.kiosk-locked{font-size:1.3rem;font-weight:600}
`;

export function siteRoutes(app: App): void {
  app.get('/', { schema: { hide: true } }, async (_request, reply) =>
    reply.type('text/html; charset=utf-8').send(HOME),
  );
  app.get('/site.css', { schema: { hide: true } }, async (_request, reply) =>
    reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=3600').send(CSS),
  );
}
