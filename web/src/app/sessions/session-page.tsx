import type { ReactNode } from 'react';
import type { SessionChart } from '../../api/sessions.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { can } from '../../permissions.ts';
import { useMe } from '../../session.tsx';
import { AdministrationPanel } from './administration-panel.tsx';
import { AdverseEventForm } from './adverse-event-form.tsx';
import { AlertsPanel } from './alerts-panel.tsx';
import { ChartHeader } from './chart-header.tsx';
import { CheckForm } from './check-form.tsx';
import { DischargePanel } from './discharge-panel.tsx';
import { EndSessionPanel } from './end-session-panel.tsx';
import { EntriesTable } from './entries-table.tsx';
import type { QueuedItem } from './entry-queue.ts';
import { GatePanel } from './gate-panel.tsx';
import { SigningPanel } from './signing-panel.tsx';
import { useChart } from './use-chart.ts';
import { WastePanel } from './waste-panel.tsx';
import './session-chart.css';

function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section aria-labelledby={id} className="card chart-section">
      <h2 id={id}>{title}</h2>
      {children}
    </section>
  );
}

function CheckInSummary({ chart }: { chart: SessionChart }) {
  const c = chart.checkIn.checklist;
  return (
    <>
      {chart.checkIn.warnings.length > 0 ? (
        <div className="alert alert-warning">
          <ul>
            {chart.checkIn.warnings.map((w) => (
              <li key={w}>{w}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <dl className="facts">
        <div>
          <dt>Driver</dt>
          <dd>{c.rideHome.driverName}</dd>
        </div>
        <div>
          <dt>Medications today</dt>
          <dd>{c.medicationsToday}</dd>
        </div>
        <div>
          <dt>Mood</dt>
          <dd>{c.mood.kind === 'rating' ? `${c.mood.value} / 10` : 'PHQ-9 recorded'}</dd>
        </div>
        {c.pregnancyTest ? (
          <div>
            <dt>Pregnancy test</dt>
            <dd>{c.pregnancyTest}</dd>
          </div>
        ) : null}
      </dl>
    </>
  );
}

/** The nurse's chart for one treatment day: every section on one page, in the order of the day. */
export function SessionPage({ id }: { id: string }) {
  const me = useMe();
  const state = useChart(id, me.id);
  const { chart } = state;
  const canChart = can(me, 'sessions:chart');
  if (!chart) {
    return state.loadError ? <ErrorAlert error={state.loadError} /> : <p role="status">Loading the chart…</p>;
  }
  const signed = chart.signature !== null;
  const ended = chart.ending !== null;
  const entryQueue = state.queued.filter((q) => q.target === 'entries');
  const pending = state.queued.filter((q) => !q.refused).length;
  const enqueueEntry = (body: object) => state.enqueue('entries', body as QueuedItem['body']);
  const reload = () => void state.reload();
  return (
    <div className="session-chart stack">
      <ChartHeader chart={chart} />
      {!state.online || state.stale ? (
        <p className="alert alert-warning connection-banner" role="status">
          {state.online
            ? 'The chart could not be refreshed: showing the last copy received.'
            : 'No connection. Entries are kept on this device and sent when the connection returns.'}
        </p>
      ) : null}
      <p className="visually-hidden" role="status">
        {pending > 0 ? `${pending} entries waiting to send` : ''}
      </p>
      <AlertsPanel chart={chart} onChanged={reload} canChart={canChart && !signed} />

      <Section id="check-in" title="Check-in">
        <CheckInSummary chart={chart} />
      </Section>

      <Section id="pre-dose" title="Before the dose">
        <GatePanel chart={chart} canDecide={can(me, 'sessions:decide')} onChart={state.setChart} />
        {!chart.administration &&
        canChart &&
        !signed &&
        !ended &&
        chart.gate.status !== 'do-not-dose-decided' ? (
          <CheckForm name="Pre-dose vitals" withScales={false} onSave={enqueueEntry} />
        ) : null}
      </Section>

      <Section id="administration" title="Administration">
        <AdministrationPanel
          chart={chart}
          canChart={canChart && !signed}
          queued={state.queued}
          onChart={state.setChart}
          enqueueChange={(body) => state.enqueue('administration/changes', body)}
        />
      </Section>

      <Section id="monitoring" title="Monitoring">
        {chart.administration && canChart && !chart.discharge.dischargedAt && !ended && !signed ? (
          <>
            <CheckForm name="Monitoring check" withScales onSave={enqueueEntry} />
            <details className="adverse-event">
              <summary>Record an adverse event</summary>
              <AdverseEventForm
                infusionRunning={chart.route === 'iv-ketamine' && !chart.administration.endedAt}
                onSave={enqueueEntry}
              />
            </details>
          </>
        ) : null}
        {chart.ending?.afterDose && canChart && !signed ? (
          <CheckForm
            name="Reading taken before the end"
            withScales
            onSave={enqueueEntry}
            takenBefore={chart.ending.at}
          />
        ) : null}
        <EntriesTable
          entries={chart.entries}
          queued={entryQueue}
          queue={state.queue}
          caption="Entries, newest first"
        />
      </Section>

      {ended ? null : (
        <Section id="discharge" title="Discharge">
          <DischargePanel chart={chart} canChart={canChart && !signed} onChart={state.setChart} />
        </Section>
      )}

      {chart.discharge.dischargedAt ? null : (
        <Section id="ending" title="End without discharge">
          <EndSessionPanel chart={chart} canChart={canChart && !signed} onChart={state.setChart} />
        </Section>
      )}

      {chart.administration?.wasteDue || chart.administration?.waste ? (
        <Section id="waste" title="Partly used vial">
          <WastePanel chart={chart} onChart={state.setChart} canChart={canChart && !signed} />
        </Section>
      ) : null}

      <Section id="signing" title="Sign and lock">
        <SigningPanel chart={chart} me={me} onChart={state.setChart} queuedCount={pending} />
      </Section>
    </div>
  );
}
