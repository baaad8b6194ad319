import { type FormEvent, useEffect, useState } from 'react';
import { api, type ClinicSettings, type ClinicSettingsInput, type TestPageResult } from '../../api.ts';
import { ErrorAlert, fieldErrorsOf } from '../../components/error-alert.tsx';
import { RadioGroup, SelectField, TextField } from '../../components/field.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { TableRegion } from '../../components/table-region.tsx';
import { formatDateTime } from '../../format.ts';
import { usePagingStatus } from './admin-frame.tsx';
import { BrandingSection } from './site-branding-section.tsx';
import { type WitnessPolicyForm, WitnessPolicySection } from './witness-policy-section.tsx';

type Form = Record<
  | 'clinicPhone'
  | 'onCallName'
  | 'onCallEmail'
  | 'onCallWebhookUrl'
  | 'pageUnacknowledgedAfterMinutes'
  | 'measureLinkHours',
  string
> & { madrsRemissionMax: '10' | '12'; madrsSuicideItemAtLeast: string; witnesses: WitnessPolicyForm };

const FIELDS = [
  'clinicPhone',
  'onCallName',
  'onCallEmail',
  'onCallWebhookUrl',
  'pageUnacknowledgedAfterMinutes',
  'measureLinkHours',
  'madrsRemissionMax',
  'madrsSuicideItemAtLeast',
  'wasteWitnessRequired',
  'adjustmentWitnessRequired',
];

function toForm(s: ClinicSettings): Form {
  return {
    clinicPhone: s.clinicPhone ?? '',
    onCallName: s.onCallName ?? '',
    onCallEmail: s.onCallEmail ?? '',
    onCallWebhookUrl: s.onCallWebhookUrl ?? '',
    pageUnacknowledgedAfterMinutes: String(s.pageUnacknowledgedAfterMinutes),
    measureLinkHours: String(s.measureLinkHours),
    madrsRemissionMax: s.madrsRemissionMax === 12 ? '12' : '10',
    madrsSuicideItemAtLeast: String(s.madrsSuicideItemAtLeast),
    witnesses: {
      wasteWitnessRequired: s.wasteWitnessRequired,
      adjustmentWitnessRequired: s.adjustmentWitnessRequired,
    },
  };
}

function wholeNumber(text: string): number | null {
  return /^\d+$/.test(text.trim()) ? Number(text.trim()) : null;
}

function TestPage({ settings, onDone }: { settings: ClinicSettings; onDone: (r: TestPageResult) => void }) {
  const [result, setResult] = useState<TestPageResult | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const configured = Boolean(settings.onCallEmail || settings.onCallWebhookUrl);

  const send = async () => {
    setBusy(true);
    setError(null);
    setResult(null);
    try {
      const r = await api.sendTestPage();
      setResult(r);
      onDone(r);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card" aria-labelledby="test-page-heading">
      <h2 id="test-page-heading">Test page</h2>
      <p>
        Paging counts as ready only once a test page has gone through. Last success:{' '}
        <strong>
          {settings.testPageSucceededAt ? formatDateTime(settings.testPageSucceededAt) : 'never'}
        </strong>
        .
      </p>
      <div className="actions">
        <button type="button" className="button" onClick={send} disabled={busy || !configured}>
          {busy ? 'Sending…' : 'Send a test page'}
        </button>
        {configured ? null : <span className="muted">Save an on-call email or webhook first.</span>}
      </div>
      <ErrorAlert error={error} />
      <div role="status">
        {result ? (
          result.results.length === 0 ? (
            <p className="alert alert-error">No channel is configured, so nothing was sent.</p>
          ) : (
            <TableRegion labelledBy="test-page-caption">
              <table>
                <caption id="test-page-caption">Test page results</caption>
                <thead>
                  <tr>
                    <th scope="col">Channel</th>
                    <th scope="col">Recipient</th>
                    <th scope="col">Result</th>
                  </tr>
                </thead>
                <tbody>
                  {result.results.map((r) => (
                    <tr key={`${r.channel}-${r.recipient}`}>
                      <th scope="row">
                        {r.channel === 'email' ? 'Email' : r.channel === 'webhook' ? 'Webhook' : r.channel}
                      </th>
                      <td className="break">{r.recipient}</td>
                      <td>
                        {r.ok ? (
                          <span className="badge badge-ok">Delivered</span>
                        ) : (
                          <>
                            <span className="badge badge-high">Failed</span> {r.error}
                          </>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableRegion>
          )
        ) : null}
      </div>
    </section>
  );
}

export function ClinicSettingsPage() {
  const { setStatus } = usePagingStatus();
  const [settings, setSettings] = useState<ClinicSettings | null>(null);
  const [form, setForm] = useState<Form | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [error, setError] = useState<unknown>(null);
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState('');

  useEffect(() => {
    api.getClinicSettings().then(
      (s) => {
        setSettings(s);
        setForm(toForm(s));
      },
      (e) => setLoadError(e),
    );
  }, []);

  const refreshStatus = async () => {
    try {
      setStatus(await api.getPagingStatus());
    } catch {
      // The banner keeps its last known state.
    }
  };

  const save = async (event: FormEvent) => {
    event.preventDefault();
    if (!form) return;
    const minutes = wholeNumber(form.pageUnacknowledgedAfterMinutes);
    const hours = wholeNumber(form.measureLinkHours);
    const local: Record<string, string> = {};
    if (minutes === null) local.pageUnacknowledgedAfterMinutes = 'Enter a whole number of minutes.';
    if (hours === null) local.measureLinkHours = 'Enter a whole number of hours.';
    setLocalErrors(local);
    setMessage('');
    setError(null);
    if (minutes === null || hours === null) return;
    const body: ClinicSettingsInput = {
      clinicPhone: form.clinicPhone.trim() || null,
      onCallName: form.onCallName.trim() || null,
      onCallEmail: form.onCallEmail.trim() || null,
      onCallWebhookUrl: form.onCallWebhookUrl.trim() || null,
      pageUnacknowledgedAfterMinutes: minutes,
      measureLinkHours: hours,
      madrsRemissionMax: form.madrsRemissionMax === '12' ? 12 : 10,
      madrsSuicideItemAtLeast: Number(form.madrsSuicideItemAtLeast),
      ...form.witnesses,
    };
    setBusy(true);
    try {
      const saved = await api.updateClinicSettings(body);
      setSettings(saved);
      setForm(toForm(saved));
      setMessage('Settings saved.');
      await refreshStatus();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const errors = { ...fieldErrorsOf(error), ...localErrors };
  const set = (key: Exclude<keyof Form, 'witnesses'>) => (value: string) =>
    setForm((f) => (f ? { ...f, [key]: value } : f));

  return (
    <>
      <PageHeader title="Clinic settings" />
      <p className="lead">
        How suicide-risk alerts reach the on-call clinician, the clinic’s measurement policies, and who
        witnesses controlled-substance records.
      </p>
      <p role="status" className="status-line alert alert-success">
        {message}
      </p>
      <ErrorAlert error={loadError} />
      {!form && !loadError ? <p>Loading settings…</p> : null}
      {form && settings ? (
        <>
          <form onSubmit={save} noValidate className="stack">
            <ErrorAlert error={error} fieldsShown={FIELDS} />
            <section className="card stack" aria-labelledby="paging-heading">
              <h2 id="paging-heading">Paging</h2>
              <p className="hint">
                High-risk alerts page the on-call contact at once; other alerts when still open after the
                delay below. Pages carry the MRN and a link, never answers or names.
              </p>
              <div className="grid-2">
                <TextField
                  label="On-call name"
                  optional
                  value={form.onCallName}
                  onChange={set('onCallName')}
                  error={errors.onCallName}
                />
                <TextField
                  label="On-call email"
                  type="email"
                  optional
                  spellCheck={false}
                  value={form.onCallEmail}
                  onChange={set('onCallEmail')}
                  error={errors.onCallEmail}
                  hint="Needs SMTP configured on the server (see the Outbox)."
                />
                <TextField
                  label="On-call webhook URL"
                  type="url"
                  optional
                  spellCheck={false}
                  value={form.onCallWebhookUrl}
                  onChange={set('onCallWebhookUrl')}
                  error={errors.onCallWebhookUrl}
                  hint="An http(s) address that receives a JSON POST for each page (for example a paging service)."
                />
                <TextField
                  label="Page when unacknowledged after"
                  inputMode="numeric"
                  value={form.pageUnacknowledgedAfterMinutes}
                  onChange={set('pageUnacknowledgedAfterMinutes')}
                  error={errors.pageUnacknowledgedAfterMinutes}
                  hint="Minutes (1–1440). Clinic policy."
                />
              </div>
            </section>
            <section className="card stack" aria-labelledby="clinic-heading">
              <h2 id="clinic-heading">Clinic</h2>
              <div className="field-medium">
                <TextField
                  label="Clinic phone"
                  type="tel"
                  optional
                  value={form.clinicPhone}
                  onChange={set('clinicPhone')}
                  error={errors.clinicPhone}
                  hint="Shown with the crisis resources after a suicide-risk answer."
                />
              </div>
            </section>
            <section className="card stack" aria-labelledby="policies-heading">
              <h2 id="policies-heading">Measurement policies</h2>
              <div className="grid-2">
                <TextField
                  label="Questionnaire links last"
                  inputMode="numeric"
                  value={form.measureLinkHours}
                  onChange={set('measureLinkHours')}
                  error={errors.measureLinkHours}
                  hint="Hours (1–720) before an unused link expires."
                />
                <SelectField
                  label="MADRS suicide item raises an alert at"
                  value={form.madrsSuicideItemAtLeast}
                  onChange={set('madrsSuicideItemAtLeast')}
                  error={errors.madrsSuicideItemAtLeast}
                  hint="Item 10 (suicidal thoughts) score at or above which an alert is raised."
                >
                  {[1, 2, 3, 4, 5, 6].map((n) => (
                    <option key={n} value={String(n)}>
                      {n} or more
                    </option>
                  ))}
                </SelectField>
              </div>
              <RadioGroup
                legend="MADRS remission"
                name="madrsRemissionMax"
                options={['10', '12'] as const}
                labels={{
                  '10': 'MADRS 10 or less (Daly et al., 2018)',
                  '12': 'MADRS 12 or less (ASPIRE, 2023)',
                }}
                value={form.madrsRemissionMax}
                onChange={set('madrsRemissionMax')}
                error={errors.madrsRemissionMax}
                className="radio-stack"
              />
            </section>
            <WitnessPolicySection
              value={form.witnesses}
              onChange={(witnesses) => setForm((f) => (f ? { ...f, witnesses } : f))}
              errors={errors}
            />
            <div className="actions">
              <button type="submit" className="button" disabled={busy}>
                {busy ? 'Saving…' : 'Save settings'}
              </button>
            </div>
          </form>
          <TestPage
            settings={settings}
            onDone={(r) => {
              setStatus(r.status);
              void api.getClinicSettings().then(setSettings, () => {});
            }}
          />
          <BrandingSection />
        </>
      ) : null}
    </>
  );
}
