import { html, type Raw } from '../../http/html.ts';
import { telHref } from './brand.ts';
import type { PublicLocation, PublicPhoto, PublicStory } from './site-store.ts';

/** Staff-written text becomes paragraphs of escaped text: never markup. */
export function paragraphs(text: string): Raw {
  return html`${text
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => html`<p>${p}</p>`)}`;
}

export function locationAddress(l: PublicLocation): string {
  return [l.addressLine1, l.addressLine2, `${l.city}, ${l.state} ${l.postalCode}`].filter(Boolean).join(', ');
}

export function locationPageBody(location: PublicLocation, photos: PublicPhoto[]): Raw {
  return html`<h1>${location.name}</h1>
<p class="lead">${locationAddress(location)}</p>
${location.phone ? html`<p>Phone: <a href="${telHref(location.phone)}">${location.phone}</a></p>` : ''}
${paragraphs(location.intro)}
${
  photos.length > 0
    ? html`<h2>Photos</h2>
<ul class="photos">${photos.map(
        (p) =>
          html`<li><img src="/site/images/${p.imageId}" alt="${p.altText}" loading="lazy"${p.width && p.height ? html` width="${p.width}" height="${p.height}"` : ''}></li>`,
      )}</ul>`
    : ''
}
${
  location.amenities.length > 0
    ? html`<h2>What is here</h2>
<ul>${location.amenities.map((a) => html`<li>${a}</li>`)}</ul>`
    : ''
}
${
  location.tour.length > 0
    ? html`<h2>What a visit looks like</h2>
<ol class="tour">${location.tour.map((step) => html`<li><strong>${step.title}.</strong> ${step.text}</li>`)}</ol>`
    : ''
}
<div class="cta"><a class="button" href="/callback">Ask us to call you</a><a class="button secondary" href="/what-to-expect">Read what to expect</a></div>`;
}

export function locationsIndexBody(locations: PublicLocation[]): Raw {
  return html`<h1>Our locations</h1>
${
  locations.length === 0
    ? html`<p>Our location pages are coming soon. You can <a href="/clinics">find a clinic</a> or <a href="/callback">ask us to call you</a>.</p>`
    : html`<ul class="results">${locations.map(
        (l) =>
          html`<li><h2><a href="/locations/${l.slug}">${l.name}</a></h2><p>${locationAddress(l)}</p></li>`,
      )}</ul>`
}`;
}

export function storiesIndexBody(stories: PublicStory[]): Raw {
  return html`<h1>Patient stories</h1>
<p>People who were treated here tell their own stories. Each person agreed in writing that we could share it. Stories are personal: your care may go differently.</p>
${
  stories.length === 0
    ? html`<p>There are no stories yet.</p>`
    : html`<ul class="results">${stories.map(
        (s) => html`<li><h2><a href="/stories/${s.slug}">${s.title}</a></h2><p>${s.displayName}</p></li>`,
      )}</ul>`
}`;
}

export function storyPageBody(story: PublicStory): Raw {
  return html`<article class="story">
<h1>${story.title}</h1>
<p class="hint">Shared by ${story.displayName}, with their written consent.</p>
${paragraphs(story.body)}
</article>
<p class="note">One person's story is not a promise. Your care team will talk with you about what to expect.</p>
<p><a href="/stories">All stories</a></p>`;
}
