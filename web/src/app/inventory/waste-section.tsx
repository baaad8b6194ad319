import { useState } from 'react';
import type { LedgerEntry, StockRow } from '../../api/inventory.ts';
import { formatEntryAmount } from './quantity.ts';
import { WasteForm } from './waste-form.tsx';

type Props = {
  stock: StockRow[];
  mgPerMlOf: (productId: string) => number | null;
  witnessRequired: boolean;
  onRecorded: () => void;
};

export function WasteSection({ stock, mgPerMlOf, witnessRequired, onRecorded }: Props) {
  const [done, setDone] = useState<LedgerEntry | null>(null);
  return (
    <div className="stack">
      <p>
        Waste of a partial dose is recorded here, not on DEA Form 41 (that is for destroying stock). Waste
        after an administration can also be recorded straight from the Administer tab. A waste here that names
        no administration takes at most one vial or nasal device (clinic policy); dispose of more through
        destruction, with two witnesses, or return it.
      </p>
      {done ? (
        <p className="alert alert-success" role="status">
          Waste recorded: {formatEntryAmount(done)} of {done.productName}, lot {done.lotNumber}
          {done.witnessNames.length > 0 ? `, witnessed by ${done.witnessNames.join(' and ')}` : ''} (ledger
          entry #{done.seq}).
        </p>
      ) : null}
      <WasteForm
        key={done?.id ?? 'new'}
        stock={stock}
        mgPerMlOf={mgPerMlOf}
        witnessRequired={witnessRequired}
        onRecorded={(entry) => {
          setDone(entry);
          onRecorded();
        }}
      />
    </div>
  );
}
