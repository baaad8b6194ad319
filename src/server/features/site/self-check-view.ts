import { type Phq9Result, type Phq9Severity, phq9Definition } from '../../../domain/instruments/phq9.ts';

// Pure rendering shared by the server (the POST result page) and the browser script (the same result
// without a round trip), so both say exactly the same thing. No imports beyond the domain.

function escapeText(value: unknown): string {
  return String(value ?? '')
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

/** Our plain-language reading of each PHQ-9 band (Kroenke 2001: kroenke-2001-phq9). */
export const BAND_EXPLANATIONS: Record<Phq9Severity, string> = {
  minimal:
    'Your answers show few or no signs of depression right now. If something still worries you, it is fine to talk to someone.',
  mild: 'Your answers show some signs of depression. Keep an eye on how you feel. If it lasts or gets worse, talk to a doctor or counsellor.',
  moderate:
    'Your answers show signs of depression that are worth talking about with a doctor. A score of 10 or more often points to depression, but only a clinician can tell for sure.',
  'moderately-severe':
    'Your answers show strong signs of depression. Please talk with a doctor soon about care that could help.',
  severe:
    'Your answers show very strong signs of depression. Please talk with a doctor as soon as you can. You do not have to wait for things to get worse.',
};

export function telTarget(phone: string): string {
  return `tel:${phone.replace(/[^+\d]/g, '')}`;
}

export function crisisFirstHtml(helpline: string | null): string {
  return `<section class="crisis-panel" aria-labelledby="crisis-title" tabindex="-1" id="crisis-first">
<h2 id="crisis-title">You said you have had thoughts of being better off dead or of hurting yourself. Help is here now.</h2>
<ul>
<li><strong>988 Suicide &amp; Crisis Lifeline:</strong> <a href="tel:988">call 988</a> or <a href="sms:988">text 988</a>. Any time, free and private.</li>
<li><strong>In danger now:</strong> call <a href="tel:911">911</a> or go to the nearest emergency room.</li>
${helpline ? `<li><strong>Our clinic:</strong> <a href="${escapeText(telTarget(helpline))}">${escapeText(helpline)}</a>.</li>` : ''}
</ul>
<p>You are not alone, and these thoughts can get better with help.</p>
</section>`;
}

/** The result: crisis resources first when item 9 is above "not at all", then the score and band. */
export function selfCheckResultHtml(result: Phq9Result, helpline: string | null): string {
  const band = phq9Definition.bands.find((b) => b.severity === result.severity);
  const answers = phq9Definition.listOrder.map((id) => result.itemScores[id] ?? 0).join(',');
  const crisis = (result.itemScores.q9 ?? 0) > 0;
  return `${crisis ? crisisFirstHtml(helpline) : ''}<section class="result-band" aria-labelledby="result-title" tabindex="-1" id="result">
<h2 id="result-title">Your result</h2>
<p>Your score is <span class="score">${result.total} out of 27</span>.</p>
<p>That is in the <strong>${escapeText(band?.label)}</strong> range (${band?.min} to ${band?.max}).</p>
<p>${escapeText(BAND_EXPLANATIONS[result.severity])}</p>
<p class="hint">This is a check, not a diagnosis. The score ranges come from <a href="/references#ref-kroenke-2001-phq9">the PHQ-9 study</a>.</p>
</section>
<section aria-labelledby="next-title">
<h2 id="next-title">What you can do next</h2>
<p>We did not keep your answers. If you like, send them to us with a request for a call. A person from our clinic will call you back.</p>
<form method="post" action="/callback/self-check">
<input type="hidden" name="selfCheck" value="${answers}">
<button class="button" type="submit">Ask for a call and send my answers</button>
</form>
<p><a href="/callback">Ask for a call without sending my answers</a></p>
<p><a href="/self-check">Start the self-check again</a></p>
</section>`;
}
