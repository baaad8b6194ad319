import { useCallback, useEffect, useState } from 'react';
import { type Intake, type IntakeSummary, intakeApi } from '../../api/intake.ts';
import type { Patient } from '../../api.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { SelectField } from '../../components/field.tsx';
import { SectionHeading } from '../../components/section-heading.tsx';
import { formatDateTime } from '../../format.ts';
import { can } from '../../permissions.ts';
import { useMe } from '../../session.tsx';
import { ConsentPanel } from './consent-panel.tsx';
import { IntakeRecord } from './intake-record.tsx';
import { VERSION_KIND_LABELS } from './intake-versions.tsx';
import { SendIntakeLink } from './send-intake-link.tsx';

function summaryLabel(s: IntakeSummary): string {
  const state = s.verifiedAt
    ? `verified ${formatDateTime(s.verifiedAt)}`
    : s.latestKind
      ? VERSION_KIND_LABELS[s.latestKind].toLowerCase()
      : 'nothing saved yet';
  return `Started ${formatDateTime(s.createdAt)}: ${state}`;
}

export function IntakeSection({ patient, focus }: { patient: Patient; focus: boolean }) {
  const me = useMe();
  const canRead = can(me, 'intake:read');
  const canWrite = can(me, 'intake:write');
  const canSend = can(me, 'intake:send');
  const [summaries, setSummaries] = useState<IntakeSummary[] | null>(null);
  const [chosen, setChosen] = useState<string | null>(null);
  const [intake, setIntake] = useState<Intake | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState('');

  const load = useCallback(
    async (id?: string) => {
      if (!canRead) return;
      try {
        const list = (await intakeApi.list(patient.id)).items;
        setSummaries(list);
        const target = id ?? list[0]?.id;
        setChosen(target ?? null);
        setIntake(target ? await intakeApi.read(target) : null);
        setError(null);
      } catch (e) {
        setError(e);
      }
    },
    [patient.id, canRead],
  );

  useEffect(() => {
    void load();
  }, [load]);

  const start = async () => {
    try {
      const started = await intakeApi.start(patient.id);
      setNotice('Intake started: fill in the history with the patient and save a draft.');
      await load(started.id);
    } catch (e) {
      setError(e);
    }
  };

  return (
    <section aria-labelledby="intake-heading">
      <SectionHeading id="intake-heading" focus={focus}>
        Intake
      </SectionHeading>
      <p className="hint">
        {canWrite
          ? 'You can send intake links, review and edit the history, verify it with your signature, and sign consent forms.'
          : canRead
            ? 'You can read intakes and consents; prescribers and nurses edit and verify them.'
            : 'You can send the patient an intake link; clinicians review what they send.'}
      </p>
      <ErrorAlert error={error} />
      <div role="status">{notice ? <p className="alert alert-success">{notice}</p> : null}</div>
      {canSend ? <SendIntakeLink patient={patient} onCreated={() => void load()} /> : null}
      {canRead && summaries && summaries.length > 1 ? (
        <div className="field-medium">
          <SelectField label="Intake" value={chosen ?? ''} onChange={(id) => void load(id)}>
            {summaries.map((s) => (
              <option key={s.id} value={s.id}>
                {summaryLabel(s)}
              </option>
            ))}
          </SelectField>
        </div>
      ) : null}
      {canRead && summaries && summaries.length === 0 ? (
        <div className="card">
          <p>No intake yet. Send the patient a link, or fill in the history with them in the clinic.</p>
          {canWrite ? (
            <div className="actions">
              <button type="button" className="button button-secondary" onClick={start}>
                Start an intake in the clinic
              </button>
            </div>
          ) : null}
        </div>
      ) : null}
      {canRead && !summaries && !error ? <p role="status">Loading the intake…</p> : null}
      {intake ? (
        <IntakeRecord
          key={`${intake.id}-${intake.latestVersion}`}
          intake={intake}
          canWrite={canWrite}
          onChanged={(next, message) => {
            setIntake(next);
            setNotice(message);
          }}
          onReload={() => void load(intake.id)}
        />
      ) : null}
      {canRead ? <ConsentPanel patient={patient} intakeId={intake?.id ?? null} canSign={canWrite} /> : null}
    </section>
  );
}
