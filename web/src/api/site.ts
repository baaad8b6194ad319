// Typed client for the public site's staff side: branding, location pages, photos and stories.
import { request } from '../api.ts';

export type Branding = {
  siteName: string | null;
  siteTagline: string | null;
  clinicPhone: string | null;
  helplinePhone: string | null;
  publicEmail: string | null;
  publicAddress: string | null;
  brandColor: string | null;
  accentColor: string | null;
  logoImageId: string | null;
};

export type BrandingInput = Omit<Branding, 'clinicPhone'>;

export type TourStep = { title: string; text: string };

export type SiteLocation = {
  id: string;
  name: string;
  city: string;
  state: string;
  page: {
    slug: string;
    intro: string;
    amenities: string[];
    tour: TourStep[];
    published: boolean;
    updatedAt: string | null;
  } | null;
  photos: { id: string; imageId: string; altText: string }[];
};

export type LocationPageInput = {
  slug: string;
  intro: string;
  amenities: string[];
  tour: TourStep[];
  published: boolean;
};

export type Story = {
  id: string;
  slug: string;
  title: string;
  displayName: string;
  body: string;
  consentGivenBy: string;
  consentGivenAt: string;
  consentText: string;
  consentRecordedBy: string;
  consentRecordedByName: string;
  consentWithdrawnAt: string | null;
  publishedAt: string | null;
  createdAt: string;
};

export type StoryInput = Pick<
  Story,
  'slug' | 'title' | 'displayName' | 'body' | 'consentGivenBy' | 'consentGivenAt' | 'consentText'
>;

/** Reads a chosen file as base64, for the JSON image upload. */
export function fileToBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });
}

export const siteApi = {
  branding: () => request<Branding>('GET', '/settings/branding'),
  saveBranding: (body: BrandingInput) => request<Branding>('PUT', '/settings/branding', { body }),
  uploadImage: (dataBase64: string) =>
    request<{ id: string; width: number | null; height: number | null }>('POST', '/site/images', {
      body: { dataBase64 },
    }),
  locations: () => request<{ items: SiteLocation[] }>('GET', '/site/locations'),
  saveLocationPage: (id: string, body: LocationPageInput) =>
    request<void>('PUT', `/site/locations/${id}`, { body }),
  addPhoto: (locationId: string, body: { imageId: string; altText: string }) =>
    request<{ id: string }>('POST', `/site/locations/${locationId}/photos`, { body }),
  removePhoto: (id: string) => request<void>('DELETE', `/site/photos/${id}`),
  stories: () => request<{ items: Story[] }>('GET', '/site/stories'),
  createStory: (body: StoryInput) => request<{ id: string }>('POST', '/site/stories', { body }),
  publishStory: (id: string) => request<void>('POST', `/site/stories/${id}/publish`),
  unpublishStory: (id: string) => request<void>('POST', `/site/stories/${id}/unpublish`),
  withdrawConsent: (id: string) => request<void>('POST', `/site/stories/${id}/withdraw-consent`),
};
