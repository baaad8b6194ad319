import { BASELINE_INSTRUMENTS, type Intake } from '../../api/intake.ts';
import { formatDateTime, formatSeverity, instrumentName } from '../../format.ts';
import { Link } from '../../router.ts';

/** The baseline PHQ-9, GAD-7, C-SSRS and MADRS: linked at verification, or what would be linked now. */
export function BaselineScores({ intake }: { intake: Intake }) {
  const baseline = intake.current?.baseline ?? intake.baselinePreview;
  if (!baseline) return null;
  const verified = intake.current !== null;
  return (
    <section className="card" aria-labelledby="baseline-heading">
      <h3 id="baseline-heading">Baseline questionnaires</h3>
      <p className="hint">
        {verified
          ? 'Linked to the verified record when it was signed.'
          : 'The latest of each, which verification links as the baseline when it is signed. Missing ones leave eligibility rules unanswered.'}
      </p>
      <ul className="baseline-list">
        {BASELINE_INSTRUMENTS.map((instrument) => {
          const score = baseline[instrument];
          return (
            <li key={instrument}>
              <strong>{instrumentName(instrument)}:</strong>{' '}
              {score ? (
                <>
                  {score.total !== null ? `${score.total}, ` : ''}
                  {formatSeverity(score.severity)} ({formatDateTime(score.completedAt)})
                </>
              ) : (
                <span className="badge badge-warn">None yet</span>
              )}
            </li>
          );
        })}
      </ul>
      <p>
        <Link to={`/app/patients/${intake.patientId}/measures`}>Send or enter questionnaires</Link> ·{' '}
        <Link to={`/app/patients/${intake.patientId}/trajectory`}>Scores over time</Link>
      </p>
    </section>
  );
}
