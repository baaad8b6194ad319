import { type FormEvent, useEffect, useState } from 'react';
import { type Branding, type BrandingInput, fileToBase64, siteApi } from '../../api/site.ts';
import { ErrorAlert, fieldErrorsOf } from '../../components/error-alert.tsx';
import { TextAreaField, TextField } from '../../components/field.tsx';

type Form = Record<Exclude<keyof BrandingInput, 'logoImageId'>, string>;

const FIELDS = [
  'siteName',
  'siteTagline',
  'helplinePhone',
  'publicEmail',
  'publicAddress',
  'brandColor',
  'accentColor',
  'logoImageId',
];

function toForm(b: Branding): Form {
  return {
    siteName: b.siteName ?? '',
    siteTagline: b.siteTagline ?? '',
    helplinePhone: b.helplinePhone ?? '',
    publicEmail: b.publicEmail ?? '',
    publicAddress: b.publicAddress ?? '',
    brandColor: b.brandColor ?? '',
    accentColor: b.accentColor ?? '',
  };
}

/** The public site's look and contact details, on the clinic settings page. */
export function BrandingSection() {
  const [branding, setBranding] = useState<Branding | null>(null);
  const [form, setForm] = useState<Form | null>(null);
  const [logo, setLogo] = useState<File | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState('');

  useEffect(() => {
    siteApi.branding().then((b) => {
      setBranding(b);
      setForm(toForm(b));
    }, setError);
  }, []);

  const save = async (event: FormEvent) => {
    event.preventDefault();
    if (!form || !branding) return;
    setBusy(true);
    setError(null);
    setMessage('');
    try {
      const logoImageId = logo
        ? (await siteApi.uploadImage(await fileToBase64(logo))).id
        : branding.logoImageId;
      const saved = await siteApi.saveBranding({
        siteName: form.siteName.trim() || null,
        siteTagline: form.siteTagline.trim() || null,
        helplinePhone: form.helplinePhone.trim() || null,
        publicEmail: form.publicEmail.trim() || null,
        publicAddress: form.publicAddress.trim() || null,
        brandColor: form.brandColor.trim() || null,
        accentColor: form.accentColor.trim() || null,
        logoImageId,
      });
      setBranding(saved);
      setForm(toForm(saved));
      setLogo(null);
      setMessage('Public site branding saved.');
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const errors = fieldErrorsOf(error);
  const set = (key: keyof Form) => (value: string) => setForm((f) => (f ? { ...f, [key]: value } : f));

  return (
    <section className="card stack" aria-labelledby="branding-heading">
      <h2 id="branding-heading">Public site</h2>
      <p className="hint">
        What the public site shows: the clinic’s name, logo, colours and contact details. The clinic phone
        above is shown in the footer; the helpline number is shown in the crisis bar on every page.
      </p>
      <p role="status" className="status-line alert alert-success">
        {message}
      </p>
      {form ? (
        <form onSubmit={save} noValidate className="stack">
          <ErrorAlert error={error} fieldsShown={FIELDS} />
          <div className="grid-2">
            <TextField
              label="Clinic name on the site"
              optional
              value={form.siteName}
              onChange={set('siteName')}
              error={errors.siteName}
              hint="Leave empty to use the organisation’s name."
            />
            <TextField
              label="Tagline"
              optional
              value={form.siteTagline}
              onChange={set('siteTagline')}
              error={errors.siteTagline}
            />
            <TextField
              label="Helpline number"
              type="tel"
              optional
              value={form.helplinePhone}
              onChange={set('helplinePhone')}
              error={errors.helplinePhone}
              hint="In the crisis bar; the clinic phone is used when empty."
            />
            <TextField
              label="Public email"
              type="email"
              optional
              spellCheck={false}
              value={form.publicEmail}
              onChange={set('publicEmail')}
              error={errors.publicEmail}
            />
            <TextField
              label="Main colour"
              optional
              value={form.brandColor}
              onChange={set('brandColor')}
              error={errors.brandColor}
              hint="Like #0b5394. Must be dark enough for white text (4.5:1)."
            />
            <TextField
              label="Crisis bar colour"
              optional
              value={form.accentColor}
              onChange={set('accentColor')}
              error={errors.accentColor}
              hint="Like #0b3d62. Must be dark enough for white text (4.5:1)."
            />
          </div>
          <TextAreaField
            label="Address"
            optional
            rows={3}
            value={form.publicAddress}
            onChange={set('publicAddress')}
            error={errors.publicAddress}
            hint="One line per address line. The first location’s address is used when empty."
          />
          <div className="field">
            <label htmlFor="branding-logo">Logo (PNG, JPEG or WebP, at most 2 MB)</label>
            <input
              id="branding-logo"
              type="file"
              accept="image/png,image/jpeg,image/webp"
              onChange={(e) => setLogo(e.target.files?.[0] ?? null)}
            />
            {branding?.logoImageId ? <p className="hint">A logo is set.</p> : null}
            {errors.dataBase64 ? <p className="field-error">{errors.dataBase64}</p> : null}
          </div>
          <div className="actions">
            <button type="submit" className="button" disabled={busy}>
              {busy ? 'Saving…' : 'Save public site'}
            </button>
            <a href="/" target="_blank" rel="noreferrer">
              Open the public site
            </a>
          </div>
        </form>
      ) : (
        <ErrorAlert error={error} />
      )}
    </section>
  );
}
