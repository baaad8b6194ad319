import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { fileToBase64, type SiteLocation, type Story, siteApi } from '../../api/site.ts';
import { ErrorAlert, fieldErrorsOf } from '../../components/error-alert.tsx';
import { TextAreaField, TextField } from '../../components/field.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { TableRegion } from '../../components/table-region.tsx';
import { formatDateTime } from '../../format.ts';

function slugify(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 80);
}

/** Tour steps are written one per line as "Title: what happens". */
function parseTour(text: string) {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const colon = line.indexOf(':');
      return colon > 0
        ? { title: line.slice(0, colon).trim(), text: line.slice(colon + 1).trim() }
        : { title: line, text: '' };
    });
}

function LocationEditor({ location, onSaved }: { location: SiteLocation; onSaved: () => void }) {
  const page = location.page;
  const [slug, setSlug] = useState(page?.slug ?? slugify(location.name));
  const [intro, setIntro] = useState(page?.intro ?? '');
  const [amenities, setAmenities] = useState((page?.amenities ?? []).join('\n'));
  const [tour, setTour] = useState((page?.tour ?? []).map((s) => `${s.title}: ${s.text}`).join('\n'));
  const [published, setPublished] = useState(page?.published ?? false);
  const [photo, setPhoto] = useState<File | null>(null);
  const [altText, setAltText] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [message, setMessage] = useState('');
  const [busy, setBusy] = useState(false);
  const headingId = `location-${location.id}`;

  const run = async (action: () => Promise<void>, done: string) => {
    setBusy(true);
    setError(null);
    setMessage('');
    try {
      await action();
      setMessage(done);
      onSaved();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const save = (event: FormEvent) => {
    event.preventDefault();
    void run(
      () =>
        siteApi.saveLocationPage(location.id, {
          slug: slug.trim(),
          intro,
          amenities: amenities
            .split('\n')
            .map((a) => a.trim())
            .filter(Boolean),
          tour: parseTour(tour),
          published,
        }),
      'Location page saved.',
    );
  };

  const addPhoto = (event: FormEvent) => {
    event.preventDefault();
    if (!photo) {
      setError(new Error('Choose a photo to upload.'));
      return;
    }
    void run(async () => {
      const image = await siteApi.uploadImage(await fileToBase64(photo));
      await siteApi.addPhoto(location.id, { imageId: image.id, altText: altText.trim() });
      setPhoto(null);
      setAltText('');
    }, 'Photo added.');
  };

  const errors = fieldErrorsOf(error);
  return (
    <section className="card stack" aria-labelledby={headingId}>
      <h3 id={headingId}>
        {location.name}{' '}
        <span className="muted">
          ({location.city}, {location.state})
        </span>
      </h3>
      <p role="status" className="status-line alert alert-success">
        {message}
      </p>
      <ErrorAlert error={error} fieldsShown={['slug', 'intro', 'amenities', 'tour', 'altText']} />
      <form onSubmit={save} noValidate className="stack">
        <TextField
          label="Web address"
          value={slug}
          onChange={setSlug}
          error={errors.slug}
          hint={`The page will be at /locations/${slug || '…'}`}
        />
        <TextAreaField
          label="Introduction"
          optional
          rows={4}
          value={intro}
          onChange={setIntro}
          error={errors.intro}
          hint="Plain text; a blank line starts a new paragraph."
        />
        <TextAreaField
          label="Amenities"
          optional
          rows={4}
          value={amenities}
          onChange={setAmenities}
          error={errors.amenities}
          hint="One per line, like “Free parking”."
        />
        <TextAreaField
          label="What a visit looks like"
          optional
          rows={5}
          value={tour}
          onChange={setTour}
          error={errors.tour}
          hint="One step per line, as “Title: what happens”."
        />
        <div className="field">
          <label>
            <input type="checkbox" checked={published} onChange={(e) => setPublished(e.target.checked)} />{' '}
            Published on the public site
          </label>
        </div>
        <div className="actions">
          <button type="submit" className="button" disabled={busy}>
            Save location page
          </button>
          {page?.published ? (
            <a href={`/locations/${page.slug}`} target="_blank" rel="noreferrer">
              View the page
            </a>
          ) : null}
        </div>
      </form>
      <h4>Photos</h4>
      {location.photos.length === 0 ? <p className="muted">No photos yet.</p> : null}
      <ul className="stack">
        {location.photos.map((p) => (
          <li key={p.id}>
            <img src={`/site/images/${p.imageId}`} alt={p.altText} width={120} />{' '}
            <button
              type="button"
              className="button button-secondary"
              disabled={busy}
              onClick={() => void run(() => siteApi.removePhoto(p.id), 'Photo removed.')}
            >
              Remove photo: {p.altText}
            </button>
          </li>
        ))}
      </ul>
      <form onSubmit={addPhoto} noValidate className="stack">
        <div className="field">
          <label htmlFor={`photo-${location.id}`}>Photo (PNG, JPEG or WebP, at most 2 MB)</label>
          <input
            id={`photo-${location.id}`}
            type="file"
            accept="image/png,image/jpeg,image/webp"
            onChange={(e) => setPhoto(e.target.files?.[0] ?? null)}
          />
          {errors.dataBase64 ? <p className="field-error">{errors.dataBase64}</p> : null}
        </div>
        <TextField
          label="Describe the photo"
          value={altText}
          onChange={setAltText}
          error={errors.altText}
          hint="For people who cannot see it, like “The quiet treatment room with a reclining chair”."
        />
        <div className="actions">
          <button type="submit" className="button" disabled={busy}>
            Add photo
          </button>
        </div>
      </form>
    </section>
  );
}

const EMPTY_STORY = {
  title: '',
  displayName: '',
  body: '',
  consentGivenBy: '',
  consentGivenAt: '',
  consentText: '',
};

function NewStory({ onSaved }: { onSaved: () => void }) {
  const [form, setForm] = useState(EMPTY_STORY);
  const [slug, setSlug] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const set = (key: keyof typeof EMPTY_STORY) => (value: string) => setForm((f) => ({ ...f, [key]: value }));

  const save = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const given = form.consentGivenAt ? new Date(form.consentGivenAt) : null;
      await siteApi.createStory({
        ...form,
        slug: slug.trim() || slugify(form.title),
        consentGivenAt: given && !Number.isNaN(given.getTime()) ? given.toISOString() : '',
      });
      setForm(EMPTY_STORY);
      setSlug('');
      onSaved();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const errors = fieldErrorsOf(error);
  return (
    <form onSubmit={save} noValidate className="card stack" aria-labelledby="new-story-heading">
      <h3 id="new-story-heading">Add a story</h3>
      <p className="hint">
        A story can be published only with the person’s consent on record: who gave it, when, and the exact
        words they agreed to.
      </p>
      <ErrorAlert error={error} fieldsShown={[...Object.keys(EMPTY_STORY), 'slug']} />
      <div className="grid-2">
        <TextField label="Title" value={form.title} onChange={set('title')} error={errors.title} />
        <TextField
          label="Name shown"
          value={form.displayName}
          onChange={set('displayName')}
          error={errors.displayName}
          hint="Such as a first name and age: “Sam, 34”."
        />
        <TextField
          label="Web address"
          optional
          value={slug}
          onChange={setSlug}
          error={errors.slug}
          hint="Made from the title when empty."
        />
      </div>
      <TextAreaField
        label="Story"
        rows={6}
        value={form.body}
        onChange={set('body')}
        error={errors.body}
        hint="Plain text; a blank line starts a new paragraph."
      />
      <fieldset className="stack">
        <legend>Consent to publish</legend>
        <div className="grid-2">
          <TextField
            label="Consent given by"
            value={form.consentGivenBy}
            onChange={set('consentGivenBy')}
            error={errors.consentGivenBy}
            hint="The person’s full name, and their role if not the patient."
          />
          <TextField
            label="Consent given on"
            type="datetime-local"
            value={form.consentGivenAt}
            onChange={set('consentGivenAt')}
            error={errors.consentGivenAt}
          />
        </div>
        <TextAreaField
          label="Consent wording"
          rows={3}
          value={form.consentText}
          onChange={set('consentText')}
          error={errors.consentText}
          hint="The words the person agreed to, as they saw them."
        />
      </fieldset>
      <div className="actions">
        <button type="submit" className="button" disabled={busy}>
          Save story (not yet published)
        </button>
      </div>
    </form>
  );
}

function StoryRow({ story, onChanged }: { story: Story; onChanged: (e: unknown) => void }) {
  const act = (action: () => Promise<void>) => action().then(() => onChanged(null), onChanged);
  const status = story.consentWithdrawnAt
    ? 'Consent withdrawn'
    : story.publishedAt
      ? 'Published'
      : 'Not published';
  return (
    <tr>
      <th scope="row">
        {story.publishedAt ? (
          <a href={`/stories/${story.slug}`} target="_blank" rel="noreferrer">
            {story.title}
          </a>
        ) : (
          story.title
        )}
        <div className="muted">{story.displayName}</div>
      </th>
      <td>
        {story.consentGivenBy}, {formatDateTime(story.consentGivenAt)}
        <div className="muted">Recorded by {story.consentRecordedByName}</div>
      </td>
      <td>{status}</td>
      <td>
        <div className="actions">
          {story.consentWithdrawnAt ? null : story.publishedAt ? (
            <button
              type="button"
              className="button button-secondary"
              onClick={() => act(() => siteApi.unpublishStory(story.id))}
            >
              Unpublish “{story.title}”
            </button>
          ) : (
            <button
              type="button"
              className="button"
              onClick={() => act(() => siteApi.publishStory(story.id))}
            >
              Publish “{story.title}”
            </button>
          )}
          {story.consentWithdrawnAt ? null : (
            <button
              type="button"
              className="button button-secondary"
              onClick={() => act(() => siteApi.withdrawConsent(story.id))}
            >
              Record consent withdrawn for “{story.title}”
            </button>
          )}
        </div>
      </td>
    </tr>
  );
}

/** Staff manage what the public site shows beyond its Markdown pages (permission site:manage). */
export function SiteAdminPage() {
  const [locations, setLocations] = useState<SiteLocation[] | null>(null);
  const [stories, setStories] = useState<Story[] | null>(null);
  const [error, setError] = useState<unknown>(null);

  const load = useCallback(() => {
    siteApi.locations().then((r) => setLocations(r.items), setError);
    siteApi.stories().then((r) => setStories(r.items), setError);
  }, []);
  useEffect(load, [load]);

  return (
    <>
      <PageHeader title="Public site" />
      <p className="lead">
        Location pages (photos, amenities, what a visit looks like) and patient stories. The education pages
        are written in Markdown in site/content; branding is on the clinic settings page.
      </p>
      <ErrorAlert error={error} />
      <section className="stack" aria-labelledby="site-locations-heading">
        <h2 id="site-locations-heading">Location pages</h2>
        {locations === null ? <p>Loading…</p> : null}
        {locations?.length === 0 ? <p>Add a location first (Locations).</p> : null}
        {locations?.map((l) => (
          <LocationEditor
            key={`${l.id}-${l.page?.updatedAt ?? ''}-${l.photos.length}`}
            location={l}
            onSaved={load}
          />
        ))}
      </section>
      <section className="stack" aria-labelledby="site-stories-heading">
        <h2 id="site-stories-heading">Patient stories</h2>
        {stories && stories.length > 0 ? (
          <TableRegion labelledBy="stories-caption">
            <table>
              <caption id="stories-caption">Stories and their consent</caption>
              <thead>
                <tr>
                  <th scope="col">Story</th>
                  <th scope="col">Consent</th>
                  <th scope="col">Status</th>
                  <th scope="col">Actions</th>
                </tr>
              </thead>
              <tbody>
                {stories.map((s) => (
                  <StoryRow
                    key={s.id}
                    story={s}
                    onChanged={(e) => {
                      setError(e);
                      load();
                    }}
                  />
                ))}
              </tbody>
            </table>
          </TableRegion>
        ) : (
          <p className="muted">No stories yet.</p>
        )}
        <NewStory onSaved={load} />
      </section>
    </>
  );
}
