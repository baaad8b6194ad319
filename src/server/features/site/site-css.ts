import { createHash } from 'node:crypto';
import { DEFAULT_ACCENT_COLOR, DEFAULT_BRAND_COLOR, type SiteBrand } from './brand.ts';

// One small stylesheet for every server-rendered page (public site, /m/ and /i/ links): no inline
// styles, so the Content-Security-Policy can keep style-src 'self'.
const BASE_CSS = `*,*::before,*::after{box-sizing:border-box}
body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1b1f24;background:#fff;line-height:1.6;font-size:1.0625rem}
.crisis{background:var(--accent);color:#fff;padding:.5rem 1rem;font-weight:600}
.crisis p{margin:0;max-width:62rem;margin-inline:auto}
.crisis a{color:#fff}
a{color:var(--brand)}
main{max-width:44rem;margin:2rem auto;padding:0 1rem}
main:focus{outline:none}
h1{font-size:2rem;line-height:1.25;margin:.5rem 0 1rem}
h2{font-size:1.4rem;line-height:1.3;margin:2rem 0 .75rem}
h3{font-size:1.15rem;margin:1.5rem 0 .5rem}
.button{display:inline-block;background:var(--brand);color:#fff;padding:.7rem 1.2rem;border-radius:.4rem;text-decoration:none;font-weight:600}
.button.secondary{background:#fff;color:var(--brand);border:2px solid var(--brand)}
.button:focus-visible,a:focus-visible,button:focus-visible{outline:3px solid #f4b400;outline-offset:2px}
button.button{border:0;font:inherit;font-size:1.05rem;cursor:pointer;min-height:44px}
fieldset.item{border:1px solid #c5ccd3;border-radius:.5rem;margin:0 0 1rem;padding:.75rem 1rem}
fieldset.item.has-error{border:2px solid #b3261e}
legend{font-weight:600;padding:0 .25rem}
.options{display:grid;gap:.25rem;margin-top:.5rem}
.option{display:flex;align-items:center;gap:.6rem;min-height:44px;padding:0 .5rem;border-radius:.4rem}
.option:hover{background:#eef3f8}
.option input{width:1.25rem;height:1.25rem;margin:0;flex:none}
input:focus-visible,textarea:focus-visible,select:focus-visible{outline:3px solid #f4b400;outline-offset:2px}
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
.skip-link{position:absolute;left:-999px;top:0;background:#fff;color:var(--brand);padding:.5rem 1rem;z-index:10}
.skip-link:focus{left:1rem;top:1rem}
.site-header{border-bottom:1px solid #d5dbe1;padding:.75rem 1rem}
.brand-row{max-width:62rem;margin:0 auto;display:flex;flex-wrap:wrap;align-items:center;gap:.25rem 1rem}
.brand{display:inline-flex;align-items:center;gap:.5rem;font-weight:700;font-size:1.25rem;text-decoration:none;color:var(--brand);min-height:44px}
.logo{width:40px;height:40px;object-fit:contain}
.tagline{margin:0;color:#4a5560}
.nav{list-style:none;margin:.5rem auto 0;padding:0;max-width:62rem;display:flex;flex-wrap:wrap;gap:.25rem .5rem}
.nav a{display:inline-block;padding:.55rem .5rem;min-height:44px;text-decoration:none;border-radius:.3rem}
.nav a:hover{background:#eef3f8}
.nav a[aria-current=page]{text-decoration:underline;text-underline-offset:.3em;font-weight:600}
.site-footer{background:#f3f5f7;border-top:1px solid #d5dbe1;padding:1.5rem 1rem;margin-top:3rem;font-size:.95rem}
.footer-grid{max-width:62rem;margin:0 auto;display:grid;gap:1rem;grid-template-columns:repeat(auto-fit,minmax(14rem,1fr))}
.site-footer h2{font-size:1.05rem;margin:0 0 .5rem}
.site-footer address{font-style:normal}
.footer-links{list-style:none;padding:0;margin:0}
.footer-links li{margin:.15rem 0}
.footer-links a,.site-footer p a{display:inline-block;min-height:32px;padding:.2rem 0}
.fineprint{max-width:62rem;margin:1rem auto 0;color:#4a5560}
.lead{font-size:1.2rem}
.cta{display:flex;flex-wrap:wrap;gap:.75rem;margin:1.5rem 0}
.cite{font-size:.8em;vertical-align:super;line-height:0}
.cite a{text-decoration:none;padding:0 .1em}
.references li{margin:.5rem 0}
.note{border-left:4px solid var(--brand);background:#f3f7fb;padding:.75rem 1rem;margin:1.5rem 0}
table{border-collapse:collapse;width:100%;margin:1rem 0}
th,td{border:1px solid #c5ccd3;padding:.4rem .6rem;text-align:left;vertical-align:top}
label{font-weight:600}
input[type=search],input[type=text],input[type=email],input[type=tel],textarea,select{font:inherit;padding:.55rem .6rem;border:1px solid #6b7680;border-radius:.3rem;min-height:44px;max-width:100%}
.search-form{display:flex;flex-wrap:wrap;gap:.5rem;align-items:flex-end;margin:1rem 0}
.search-form input{flex:1 1 14rem}
.results{list-style:none;padding:0}
.results li{margin:0 0 1.25rem}
.results .path{color:#4a5560;font-size:.9rem;margin:0}
.result-band{border:2px solid var(--brand);border-radius:.5rem;padding:1rem;margin:1rem 0}
.score{font-size:1.6rem;font-weight:700}
.photos{display:grid;gap:.75rem;grid-template-columns:repeat(auto-fit,minmax(12rem,1fr));padding:0;list-style:none}
.photos img{width:100%;height:auto;border-radius:.4rem}
.tour{padding-left:1.25rem}
.story{border-top:1px solid #d5dbe1;padding-top:1rem}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
@media (max-width:40rem){h1{font-size:1.6rem}.nav a{padding:.5rem .4rem}}
`;

export function themeCss(brand: Pick<SiteBrand, 'brandColor' | 'accentColor'> | null): string {
  return `:root{--brand:${brand?.brandColor ?? DEFAULT_BRAND_COLOR};--accent:${brand?.accentColor ?? DEFAULT_ACCENT_COLOR}}\n`;
}

export function siteCss(brand: Pick<SiteBrand, 'brandColor' | 'accentColor'> | null): string {
  return themeCss(brand) + BASE_CSS;
}

/** The stylesheet's address carries its content hash, so browsers may cache it for long. */
export function stylesheetHref(brand: Pick<SiteBrand, 'brandColor' | 'accentColor'> | null): string {
  const version = createHash('sha256').update(siteCss(brand)).digest('hex').slice(0, 12);
  return `/site.css?v=${version}`;
}
