import type { Bundle, BundleLink, Resource } from '@medplum/fhirtypes';

export type SearchPage<T extends Resource> = {
  /** `<base>/<ResourceType>`: what the search was sent to. */
  endpoint: string;
  /** The query string as sent, without the `?`. */
  query: string;
  count: number;
  offset: number;
  total: number;
  resources: T[];
  now: Date;
};

function pageLink(page: SearchPage<Resource>, relation: string, offset: number): BundleLink {
  const params = new URLSearchParams(page.query);
  params.set('_count', String(page.count));
  params.set('_offset', String(offset));
  return { relation, url: `${page.endpoint}?${params}` };
}

/** A searchset with the total, a self link, and previous/next links for paging with _offset. */
export function searchBundle<T extends Resource>(page: SearchPage<T>): Bundle<T> {
  const links: BundleLink[] = [
    { relation: 'self', url: page.query ? `${page.endpoint}?${page.query}` : page.endpoint },
  ];
  if (page.count > 0 && page.offset > 0) {
    links.push(pageLink(page, 'previous', Math.max(0, page.offset - page.count)));
  }
  if (page.count > 0 && page.offset + page.resources.length < page.total) {
    links.push(pageLink(page, 'next', page.offset + page.count));
  }
  return {
    resourceType: 'Bundle',
    meta: { lastUpdated: page.now.toISOString() },
    type: 'searchset',
    total: page.total,
    link: links,
    ...(page.resources.length
      ? {
          entry: page.resources.map((resource) => ({
            fullUrl: `${page.endpoint}/${resource.id}`,
            resource,
            search: { mode: 'match' as const },
          })),
        }
      : {}),
  };
}
