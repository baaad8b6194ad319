import type { Signature } from '../../api/plans.ts';
import { formatDateTime } from '../../format.ts';

/** A signature as 21 CFR 11.50 asks: printed name, date and time, and what the signature means. */
export function SignatureLine({ signature }: { signature: Signature }) {
  return (
    <dl className="signature-line">
      <div>
        <dt>Signed by</dt>
        <dd>{signature.printedName}</dd>
      </div>
      <div>
        <dt>Signed at</dt>
        <dd>
          <time dateTime={signature.signedAt}>{formatDateTime(signature.signedAt, true)}</time>
        </dd>
      </div>
      <div>
        <dt>Meaning</dt>
        <dd>{signature.meaning}</dd>
      </div>
    </dl>
  );
}
