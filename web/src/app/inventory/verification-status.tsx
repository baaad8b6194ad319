import { useEffect, useState } from 'react';
import { inventoryApi, type Verification } from '../../api/inventory.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';

/** Every hash and running balance recomputed by the server; a broken chain names its first bad entry. */
export function VerificationStatus() {
  const [result, setResult] = useState<Verification | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    inventoryApi.verify().then(setResult, setError);
  }, []);
  if (error) return <ErrorAlert error={error} />;
  if (!result) return <p role="status">Verifying the ledger…</p>;
  if (!result.ok) {
    return (
      <div className="alert alert-error" role="alert" data-testid="ledger-verification">
        <p>
          <strong>The ledger does not verify.</strong>{' '}
          {result.firstBad ? `First bad entry: #${result.firstBad.seq} (${result.firstBad.reason}).` : ''}{' '}
          Tell the registrant and keep a copy of the reports as they are now.
        </p>
      </div>
    );
  }
  return (
    <p className="alert alert-success" data-testid="ledger-verification">
      <strong>Ledger verified:</strong> {result.entries} {result.entries === 1 ? 'entry' : 'entries'}, every
      hash and running balance intact.
      {result.head ? (
        <>
          {' '}
          Head: #{result.head.seq} <code className="hash">{result.head.hash}</code>
        </>
      ) : null}
    </p>
  );
}
