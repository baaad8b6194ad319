import type { Intake, IntakeVersion, IntakeVersionKind } from '../../api/intake.ts';
import { formatDateTime } from '../../format.ts';
import { SignatureLine } from './signature.tsx';

export const VERSION_KIND_LABELS: Record<IntakeVersionKind, string> = {
  'patient-submission': 'Patient’s submission',
  'clinician-draft': 'Clinician’s draft',
  verified: 'Verified record',
  addendum: 'Addendum',
};

function who(version: IntakeVersion): string {
  if (version.source === 'patient-link') return 'The patient, through their link';
  return version.author?.name ?? 'Unknown';
}

/** Every version of the intake, oldest first: nothing is overwritten, corrections are addenda. */
export function IntakeVersions({
  intake,
  onShow,
}: {
  intake: Intake;
  /** Shows one version's history, read-only. */
  onShow: (version: IntakeVersion) => void;
}) {
  if (intake.versions.length === 0) {
    return <p className="muted">No version saved yet.</p>;
  }
  return (
    <div className="table-wrap">
      <table>
        <caption className="visually-hidden">Intake versions</caption>
        <thead>
          <tr>
            <th scope="col">Version</th>
            <th scope="col">Kind</th>
            <th scope="col">By</th>
            <th scope="col">When</th>
            <th scope="col">Signature and reason</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {intake.versions.map((v) => (
            <tr key={v.id} data-testid={`intake-version-${v.version}`}>
              <td className="num">{v.version}</td>
              <td>{VERSION_KIND_LABELS[v.kind]}</td>
              <td>{who(v)}</td>
              <td className="nowrap">{formatDateTime(v.createdAt, true)}</td>
              <td>
                {v.signature ? (
                  <SignatureLine signature={v.signature} />
                ) : (
                  <span className="muted">Not signed</span>
                )}
                {v.reason ? <p className="small">Reason: {v.reason}</p> : null}
              </td>
              <td>
                <button
                  type="button"
                  className="button button-secondary button-small"
                  onClick={() => onShow(v)}
                >
                  Show version {v.version}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
