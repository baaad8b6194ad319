import type { Executor } from '../../context.ts';
import type { SiteBrand } from './brand.ts';
import { contentPages } from './content.ts';
import { canonicalUrl } from './layout.ts';
import { contentPageBody, referencesBody } from './pages.ts';
import { locationPageBody, locationsIndexBody, storiesIndexBody, storyPageBody } from './places-pages.ts';
import type { SearchDocument } from './search.ts';
import { selfCheckFormBody } from './self-check.ts';
import { listLocationPhotos, listPublishedLocations, listPublishedStories } from './site-store.ts';

// Pages other features serve; listed so the sitemap names them.
const OTHER_PUBLIC_PATHS = ['/clinics', '/callback'];

/** Every public page worth finding, for the sitemap. */
export async function publicPaths(db: Executor, brand: SiteBrand | null): Promise<string[]> {
  const paths = [
    ...contentPages().map((p) => p.path),
    '/references',
    '/self-check',
    '/search',
    '/stories',
    '/locations',
  ];
  paths.push(...OTHER_PUBLIC_PATHS);
  if (brand) {
    const [locations, stories] = await Promise.all([
      listPublishedLocations(db, brand.orgId),
      listPublishedStories(db, brand.orgId),
    ]);
    paths.push(...locations.map((l) => `/locations/${l.slug}`), ...stories.map((s) => `/stories/${s.slug}`));
  }
  return paths;
}

/** The rendered text of every page this feature serves, for the site search. */
export async function publicDocuments(db: Executor, brand: SiteBrand): Promise<SearchDocument[]> {
  const docs: SearchDocument[] = contentPages().map((p) => ({
    path: p.path,
    title: p.title,
    description: p.description,
    bodyHtml: contentPageBody(p).html,
  }));
  docs.push({
    path: '/references',
    title: 'References',
    description: 'The numbered sources behind every health fact on this site.',
    bodyHtml: referencesBody().html,
  });
  docs.push({
    path: '/self-check',
    title: 'Depression self-check',
    description:
      'A free, private depression self-check (PHQ-9): nine questions, your score and what it means.',
    bodyHtml: selfCheckFormBody({}, [], null).html,
  });
  const [locations, stories] = await Promise.all([
    listPublishedLocations(db, brand.orgId),
    listPublishedStories(db, brand.orgId),
  ]);
  docs.push({
    path: '/locations',
    title: 'Our locations',
    description: '',
    bodyHtml: locationsIndexBody(locations).html,
  });
  for (const l of locations) {
    const photos = await listLocationPhotos(db, brand.orgId, l.locationId);
    docs.push({
      path: `/locations/${l.slug}`,
      title: l.name,
      description: `${l.city}, ${l.state}`,
      bodyHtml: locationPageBody(l, photos).html,
    });
  }
  docs.push({
    path: '/stories',
    title: 'Patient stories',
    description: '',
    bodyHtml: storiesIndexBody(stories).html,
  });
  for (const s of stories) {
    docs.push({
      path: `/stories/${s.slug}`,
      title: s.title,
      description: s.displayName,
      bodyHtml: storyPageBody(s).html,
    });
  }
  return docs;
}

/** schema.org MedicalClinic with each published location (and the clinic's own contact details). */
export async function medicalClinicData(db: Executor, brand: SiteBrand, origin: string): Promise<object> {
  const locations = await listPublishedLocations(db, brand.orgId);
  return {
    '@context': 'https://schema.org',
    '@type': 'MedicalClinic',
    name: brand.name,
    url: canonicalUrl('/', origin),
    ...(brand.clinicPhone ? { telephone: brand.clinicPhone } : {}),
    ...(brand.publicEmail ? { email: brand.publicEmail } : {}),
    ...(brand.logoImageId ? { logo: canonicalUrl(`/site/images/${brand.logoImageId}`, origin) } : {}),
    medicalSpecialty: 'Psychiatric',
    availableService: [
      { '@type': 'MedicalTherapy', name: 'Ketamine infusion therapy for depression' },
      { '@type': 'MedicalTherapy', name: 'Esketamine nasal spray treatment for depression' },
    ],
    ...(locations.length > 0
      ? {
          department: locations.map((l) => ({
            '@type': 'MedicalClinic',
            name: l.name,
            url: canonicalUrl(`/locations/${l.slug}`, origin),
            ...(l.phone ? { telephone: l.phone } : {}),
            address: {
              '@type': 'PostalAddress',
              streetAddress: [l.addressLine1, l.addressLine2].filter(Boolean).join(', '),
              addressLocality: l.city,
              addressRegion: l.state,
              postalCode: l.postalCode,
              addressCountry: 'US',
            },
          })),
        }
      : {}),
  };
}
