import { useCallback, useEffect, useState } from 'react';
import {
  LEAD_STATUS_LABELS,
  LEAD_STATUSES,
  type LeadQueue,
  type LeadStatus,
  leadsApi,
} from '../../api/leads.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { CheckboxGroup } from '../../components/field.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { TableRegion } from '../../components/table-region.tsx';
import { formatDateTime } from '../../format.ts';
import { Link } from '../../router.ts';

const OPEN: LeadStatus[] = ['new', 'contacted', 'consult-booked'];
const BEST_TIME: Record<string, string> = {
  morning: 'Morning',
  afternoon: 'Afternoon',
  evening: 'Evening',
  any: 'Any time',
};
const CONTACT: Record<string, string> = { phone: 'Phone', text: 'Text', email: 'Email' };

/** The callback queue: urgent requests first, then the oldest, so nobody waits longest by accident. */
export function LeadsPage() {
  const [statuses, setStatuses] = useState<LeadStatus[]>(OPEN);
  const [queue, setQueue] = useState<LeadQueue | null>(null);
  const [error, setError] = useState<unknown>(null);

  const load = useCallback(async (wanted: LeadStatus[]) => {
    try {
      setQueue(await leadsApi.list(wanted));
      setError(null);
    } catch (e) {
      setError(e);
    }
  }, []);

  useEffect(() => {
    void load(statuses);
  }, [load, statuses]);

  const urgent = queue?.items.filter((l) => l.urgent && l.status === 'new').length ?? 0;

  return (
    <div className="stack">
      <PageHeader title="Callback requests" />
      <p>Requests from the public site’s “We’ll call you” form. Call urgent ones first.</p>
      {urgent > 0 ? (
        <div className="alert alert-error" role="alert">
          <p>
            <strong>
              {urgent} urgent {urgent === 1 ? 'request' : 'requests'}
            </strong>{' '}
            with a self-check answer about thoughts of self-harm. A clinician should call now.
          </p>
        </div>
      ) : null}
      <CheckboxGroup
        legend="Show"
        options={LEAD_STATUSES}
        labels={LEAD_STATUS_LABELS}
        value={statuses}
        onChange={(next) => setStatuses(next)}
      />
      <ErrorAlert error={error} />
      {queue ? (
        <TableRegion labelledBy="leads-caption">
          <table>
            <caption id="leads-caption">
              {queue.total} {queue.total === 1 ? 'request' : 'requests'}
            </caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Phone</th>
                <th scope="col">Best time</th>
                <th scope="col">Contact by</th>
                <th scope="col">Status</th>
                <th scope="col">Self-check</th>
                <th scope="col">Received</th>
              </tr>
            </thead>
            <tbody>
              {queue.items.map((lead) => (
                <tr key={lead.id}>
                  <th scope="row">
                    <Link to={`/app/leads/${lead.id}`}>{lead.name}</Link>
                    {lead.urgent ? <span className="badge badge-high"> Urgent</span> : null}
                  </th>
                  <td>{lead.phone}</td>
                  <td>{BEST_TIME[lead.bestTime]}</td>
                  <td>{CONTACT[lead.preferredContact]}</td>
                  <td>{LEAD_STATUS_LABELS[lead.status]}</td>
                  <td>{lead.selfCheckTotal === null ? '—' : `PHQ-9 ${lead.selfCheckTotal}`}</td>
                  <td>{formatDateTime(lead.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableRegion>
      ) : null}
      {queue ? (
        <p className="hint">
          Spam discarded in the last 30 days: {queue.spam.honeypot} by the hidden field, {queue.spam.tooFast}{' '}
          sent too fast.
        </p>
      ) : null}
    </div>
  );
}
