import type { Db } from '../../db/connect.ts';
import { html, type Raw } from '../../http/html.ts';
import { loadSiteBrand, type SiteBrand } from './brand.ts';
import { renderShell } from './layout.ts';

type Wording = { title: string; heading: string; text: string };

const NOT_FOUND: Wording = {
  title: 'Page not found',
  heading: 'We could not find that page',
  text: 'It may have moved or been taken down.',
};

/** Plain words for each failure; a form that was refused before it was read did not go through. */
function wordingFor(status: number, method: string): Wording {
  const sentSomething = method !== 'GET' && method !== 'HEAD';
  if (status === 404) return NOT_FOUND;
  if (status === 413) {
    return {
      title: 'Too much to send',
      heading: 'What you sent was too long',
      text: 'Your form was not sent. Please go back, make your message shorter and send it again.',
    };
  }
  if (status === 429) {
    return {
      title: 'Please wait',
      heading: 'Too many tries in a short time',
      text: `${sentSomething ? 'Your form was not sent. ' : ''}Please wait a few minutes, then try again.`,
    };
  }
  if (status >= 500) {
    return {
      title: 'Something went wrong',
      heading: 'Something went wrong on our side',
      text: `It is not your fault. ${sentSomething ? 'Your form may not have been sent. ' : ''}Please try again in a few minutes.`,
    };
  }
  return {
    title: 'Something went wrong',
    heading: 'We could not read that',
    text: `${sentSomething ? 'Your form was not sent. ' : ''}Please go back and try again.`,
  };
}

/** Help comes first on a page that failed the visitor: someone in crisis may have been using the form. */
function helpNow(): Raw {
  return html`<section class="crisis-panel" aria-labelledby="help-now-title">
<h2 id="help-now-title">Get help now</h2>
<p>If you are in crisis, <a href="tel:988">call 988</a> or <a href="sms:988">text 988</a> (Suicide &amp; Crisis Lifeline, any time). In an emergency call <a href="tel:911">911</a>.</p>
</section>`;
}

function errorBody(wording: Wording): Raw {
  return html`<h1>${wording.heading}</h1>
<p>${wording.text}</p>
${helpNow()}
<p><a href="/">Go to the home page</a></p>`;
}

/** The body of a public page that was not found, such as an unknown location or story. */
export function notFoundBody(what: string): Raw {
  return errorBody({ ...NOT_FOUND, heading: `We could not find that ${what}` });
}

export function errorPage(brand: SiteBrand | null, status: number, method: string): string {
  const wording = wordingFor(status, method);
  return renderShell(brand, {
    title: wording.title,
    description: wording.heading,
    body: errorBody(wording),
    noindex: true,
  });
}

/**
 * The page the error handler sends to a visitor's browser. It is built from the status alone, so
 * nothing the request carried can reach it; when the database itself failed, the page goes out
 * without the clinic's branding rather than not at all.
 */
export function siteErrorPage(db: Db) {
  return async (status: number, method: string): Promise<string> => {
    const brand = await loadSiteBrand(db).catch(() => null);
    return errorPage(brand, status, method);
  };
}
