import { useEffect, useState } from 'react';
import type { Signature } from '../../api/intake.ts';
import { TextField } from '../../components/field.tsx';
import { formatDateTime } from '../../format.ts';

/**
 * What a signature will record, shown before signing (21 CFR 11.50): the signer's printed name,
 * the time (taken by the server when it signs), and the meaning. The password binds it to the
 * signed-in person (21 CFR 11.200).
 */
export function SignatureFields({
  printedName,
  meaning,
  password,
  onPassword,
  error,
}: {
  printedName: string;
  meaning: string;
  password: string;
  onPassword: (value: string) => void;
  error: string | undefined;
}) {
  const [now, setNow] = useState(() => new Date().toISOString());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date().toISOString()), 30_000);
    return () => clearInterval(timer);
  }, []);
  return (
    <fieldset className="signature-fields">
      <legend>Your electronic signature</legend>
      <dl className="facts signature-manifest">
        <div>
          <dt>Printed name</dt>
          <dd>{printedName}</dd>
        </div>
        <div>
          <dt>Time</dt>
          <dd>Recorded when you sign (now {formatDateTime(now)})</dd>
        </div>
        <div>
          <dt>Meaning</dt>
          <dd>{meaning}</dd>
        </div>
      </dl>
      <TextField
        label="Your password, to sign"
        hint="Signing needs your own password again, so nobody can sign in your name."
        type="password"
        autoComplete="current-password"
        value={password}
        onChange={onPassword}
        error={error}
      />
    </fieldset>
  );
}

/** A stored signature as the record shows it: printed name, time in seconds, and meaning. */
export function SignatureLine({ signature }: { signature: Signature }) {
  return (
    <span className="signed-by">
      Signed by <strong>{signature.printedName}</strong> on{' '}
      <time dateTime={signature.signedAt}>{formatDateTime(signature.signedAt, true)}</time>. Meaning: “
      {signature.meaning}”
    </span>
  );
}
