import type { CrisisResources as Resources } from '../api.ts';

/** After a suicide-risk answer: shown before anything else, and announced at once. */
export function CrisisResources({ crisis }: { crisis: Resources }) {
  return (
    <div className="crisis-panel" role="alert" aria-labelledby="crisis-panel-heading">
      <h3 id="crisis-panel-heading">Suicide-risk answer: make sure the patient is safe now</h3>
      <p>Stay with the patient and share these numbers with them:</p>
      <ul className="crisis-lines">
        {crisis.lines.map((line) => (
          <li key={line.label}>
            <strong>{line.label}</strong>:{' '}
            <a href={`tel:${line.phone}`} className="crisis-call">
              Call {line.phone}
            </a>
            {line.text ? (
              <>
                {' '}
                or{' '}
                <a href={`sms:${line.text}`} className="crisis-call">
                  text {line.text}
                </a>
              </>
            ) : null}
            <span className="block">{line.note}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
