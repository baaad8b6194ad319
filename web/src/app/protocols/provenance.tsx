import { EVIDENCE, isEvidenceId } from '../../../../src/domain/evidence.ts';

type Source = {
  readonly evidence: readonly string[];
  readonly clinicPolicy?: boolean;
  readonly note?: string;
};

/** Where a value comes from: the sources it cites, and whether it is the clinic's own policy. */
export function Provenance({ source }: { source: Source }) {
  return (
    <span className="provenance">
      {source.clinicPolicy ? (
        <span className="badge badge-policy" title="A clinic-policy default: an admin may change it">
          Clinic policy
        </span>
      ) : null}
      {source.evidence.length > 0 ? (
        <span className="evidence-ids">
          {' '}
          Sources:{' '}
          {source.evidence.map((id, i) => (
            <span key={id}>
              {i > 0 ? ', ' : null}
              <cite>{id}</cite>
            </span>
          ))}
        </span>
      ) : source.clinicPolicy ? null : (
        <span className="muted"> No source cited</span>
      )}
      {source.note ? <span className="provenance-note"> — {source.note}</span> : null}
    </span>
  );
}

/** The full citation of every source id given, in the order first cited. */
export function Citations({
  ids,
  headingId,
  title = 'Sources',
}: {
  ids: readonly string[];
  headingId: string;
  title?: string;
}) {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return null;
  return (
    <div className="evidence-citations">
      <h4 id={headingId}>{title}</h4>
      <ul aria-labelledby={headingId}>
        {unique.map((id) => (
          <li key={id}>
            <cite>{id}</cite>: {isEvidenceId(id) ? EVIDENCE[id].citation : 'not in the clinic’s source list'}
          </li>
        ))}
      </ul>
    </div>
  );
}
