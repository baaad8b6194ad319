import {
  ADVERSE_EVENT_LABELS,
  type AdverseEventKind,
  type SessionEntry,
  type Vitals,
} from '../../api/sessions.ts';
import { clockTime, formatVitals } from './chart-format.ts';
import type { EntryQueue, QueuedItem } from './entry-queue.ts';

type CheckData = { vitals?: Vitals; moaas?: number; dissociation?: number; note?: string | null };
type EventData = {
  event?: AdverseEventKind;
  severity?: string;
  description?: string | null;
  interventions?: {
    kind: string;
    medication?: string;
    dose?: string;
    litresPerMin?: number | null;
    text?: string;
  }[];
};

function describe(kind: string, data: Record<string, unknown>): string {
  if (kind === 'adverse-event') {
    const d = data as EventData;
    const interventions = (d.interventions ?? []).map((i) => {
      if (i.kind === 'medication') return `${i.medication} ${i.dose}`;
      if (i.kind === 'oxygen') return `oxygen${i.litresPerMin != null ? ` ${i.litresPerMin} L/min` : ''}`;
      if (i.kind === 'infusion-stopped') return 'infusion stopped';
      return i.text ?? '';
    });
    return [
      `Adverse event: ${d.event ? ADVERSE_EVENT_LABELS[d.event] : ''} (${d.severity})`,
      d.description ?? '',
      interventions.length ? `Done: ${interventions.join('; ')}` : '',
    ]
      .filter(Boolean)
      .join('. ');
  }
  const d = data as CheckData;
  return [
    formatVitals(d.vitals),
    d.moaas !== undefined ? `MOAA/S ${d.moaas}` : '',
    d.dissociation !== undefined ? `Dissociation ${d.dissociation}` : '',
    d.note ?? '',
  ]
    .filter(Boolean)
    .join(', ');
}

function describeChange(body: Record<string, unknown>): string {
  const rate = body.pumpRateMlPerH ? ` to ${body.pumpRateMlPerH} mL/h` : '';
  const reason = body.reason ? `: ${body.reason}` : '';
  return `Infusion ${String(body.change).replace('-', ' ')}${rate}${reason}`;
}

type Props = { entries: SessionEntry[]; queued: QueuedItem[]; queue: EntryQueue; caption: string };

/** Every entry with its state: saved on the server, or still on this device and why. */
export function EntriesTable({ entries, queued, queue, caption }: Props) {
  // A sent item may still be in the queue until the chart is re-read; a refused one always shows.
  const waiting = queued.filter((q) => q.refused || !entries.some((e) => e.id === q.id));
  if (entries.length === 0 && waiting.length === 0) return <p className="muted">Nothing recorded yet.</p>;
  return (
    <div className="table-wrap">
      <table className="table-dense entries-table">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Time</th>
            <th scope="col">Entry</th>
            <th scope="col">State</th>
          </tr>
        </thead>
        <tbody>
          {waiting.map((item) => {
            const state = queue.stateOf(item);
            const at = String(item.body.clientAt ?? item.body.at ?? item.savedAt);
            return (
              <tr key={`queued-${item.id}`} data-entry-id={item.id} className={`entry-${state}`}>
                <td>
                  <time dateTime={at}>{clockTime(at)}</time>
                </td>
                <td>
                  {item.target === 'entries'
                    ? describe(String(item.body.kind), item.body)
                    : describeChange(item.body)}
                </td>
                <td>
                  {state === 'refused' ? (
                    <>
                      <span className="badge badge-high">Not saved</span> {item.refused}{' '}
                      <button
                        type="button"
                        className="button button-small button-secondary"
                        onClick={() => queue.discard(item.id)}
                      >
                        Discard this entry
                      </button>
                    </>
                  ) : (
                    <span className="badge badge-warn">
                      {state === 'sending' ? 'Sending…' : 'Waiting to send'}
                    </span>
                  )}
                </td>
              </tr>
            );
          })}
          {[...entries].reverse().map((e) => (
            <tr key={e.id} data-entry-id={e.id}>
              <td>
                <time dateTime={e.clientAt}>{clockTime(e.clientAt)}</time>
                {e.preDose ? <span className="muted"> (pre-dose)</span> : null}
              </td>
              <td>{describe(e.kind, e.data)}</td>
              <td>
                <span className="badge badge-ok">Saved</span>
                {e.late ? <span> late: received {clockTime(e.receivedAt)}</span> : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
