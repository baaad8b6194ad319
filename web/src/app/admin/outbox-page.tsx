import { useEffect, useState } from 'react';
import { api, type OutboxItem } from '../../api.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { TableRegion } from '../../components/table-region.tsx';
import { formatDateTime } from '../../format.ts';

const PAGE_SIZE = 50;

const KIND_LABELS: Record<string, string> = {
  'risk-page': 'Suicide-risk page',
  'test-page': 'Test page',
};

export function OutboxPage() {
  const [offset, setOffset] = useState(0);
  const [data, setData] = useState<{ items: OutboxItem[]; smtpConfigured: boolean } | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    let cancelled = false;
    api.listOutbox({ limit: PAGE_SIZE, offset }).then(
      (d) => {
        if (cancelled) return;
        setData(d);
        setError(null);
      },
      (e) => !cancelled && setError(e),
    );
    return () => {
      cancelled = true;
    };
  }, [offset]);

  const items = data?.items ?? [];
  return (
    <>
      <PageHeader title="Outbox" />
      <p className="lead">
        Messages Ketaflow has sent or is still trying to send: pages to the on-call contact and email.
      </p>
      {data && !data.smtpConfigured ? (
        <p className="alert alert-info">
          SMTP is not configured on the server, so email waits here and is not delivered. Webhook pages are
          sent directly.
        </p>
      ) : null}
      <ErrorAlert error={error} />
      {!data && !error ? <p>Loading messages…</p> : null}
      {data && items.length === 0 ? <p className="card">No messages yet.</p> : null}
      {items.length > 0 ? (
        <TableRegion labelledBy="outbox-caption">
          <table className="table-dense">
            <caption id="outbox-caption">Messages, waiting first</caption>
            <thead>
              <tr>
                <th scope="col">Created</th>
                <th scope="col">Kind</th>
                <th scope="col">Channel</th>
                <th scope="col">Recipient</th>
                <th scope="col">Subject</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {items.map((m) => (
                <tr key={m.id}>
                  <th scope="row" className="nowrap">
                    {formatDateTime(m.createdAt)}
                  </th>
                  <td>{KIND_LABELS[m.kind] ?? m.kind}</td>
                  <td>{m.channel}</td>
                  <td className="break">{m.recipient}</td>
                  <td>{m.subject}</td>
                  <td>
                    {m.sentAt ? (
                      <>
                        <span className="badge badge-ok">Sent</span> {formatDateTime(m.sentAt)}
                      </>
                    ) : (
                      <>
                        <span className="badge badge-warn">Waiting</span>{' '}
                        {m.attempts > 0
                          ? `${m.attempts} ${m.attempts === 1 ? 'attempt' : 'attempts'}`
                          : 'not tried yet'}
                        {m.lastError ? (
                          <span className="block field-error-text">Last error: {m.lastError}</span>
                        ) : null}
                      </>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableRegion>
      ) : null}
      {data && (offset > 0 || items.length === PAGE_SIZE) ? (
        <nav aria-label="Outbox pages" className="pagination">
          <button
            type="button"
            className="button button-secondary"
            disabled={offset === 0}
            onClick={() => setOffset((o) => Math.max(0, o - PAGE_SIZE))}
          >
            Previous
          </button>
          <button
            type="button"
            className="button button-secondary"
            disabled={items.length < PAGE_SIZE}
            onClick={() => setOffset((o) => o + PAGE_SIZE)}
          >
            Next
          </button>
        </nav>
      ) : null}
    </>
  );
}
