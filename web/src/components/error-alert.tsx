import { ApiError } from '../api.ts';

type Props = {
  error: unknown;
  /** Field names shown next to their inputs; errors for any other field are listed here. */
  fieldsShown?: readonly string[];
};

/** The form-level error: problem+json `detail`, announced by screen readers as it appears. */
export function ErrorAlert({ error, fieldsShown = [] }: Props) {
  if (!error) return null;
  if (!(error instanceof ApiError)) {
    return (
      <div className="alert alert-error" role="alert">
        {error instanceof Error ? error.message : String(error)}
      </div>
    );
  }
  const others = Object.entries(error.fieldErrors()).filter(([field]) => !fieldsShown.includes(field));
  return (
    <div className="alert alert-error" role="alert">
      <p>{error.detail}</p>
      {others.length > 0 ? (
        <ul>
          {others.map(([field, message]) => (
            <li key={field}>
              {field}: {message}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

/** Per-field messages from an ApiError, or from the form's own checks. */
export function fieldErrorsOf(error: unknown): Record<string, string> {
  return error instanceof ApiError ? error.fieldErrors() : {};
}
