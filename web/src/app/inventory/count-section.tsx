import { useState } from 'react';
import { type Cabinet, type Count, inventoryApi, type StockRow } from '../../api/inventory.ts';
import { CountDetail } from './count-detail.tsx';
import { CountForm } from './count-form.tsx';
import { CountList, useCountPages } from './count-list.tsx';

type Props = {
  stock: StockRow[];
  cabinets: Cabinet[];
  canRecord: boolean;
  canAdjust: boolean;
  witnessRequired: boolean;
  onRecorded: () => void;
};

export function CountSection({ stock, cabinets, canRecord, canAdjust, witnessRequired, onRecorded }: Props) {
  const pages = useCountPages();
  const [selected, setSelected] = useState<Count | null>(null);

  const show = (count: Count) => {
    setSelected(count);
    void pages.reload();
  };

  return (
    <div className="stack">
      {canRecord ? (
        <section className="card" aria-labelledby="new-count-heading">
          <h3 id="new-count-heading">New count</h3>
          <CountForm stock={stock} cabinets={cabinets} onSaved={show} />
        </section>
      ) : null}
      {selected ? (
        <CountDetail
          key={selected.id}
          count={selected}
          canAdjust={canAdjust}
          witnessRequired={witnessRequired}
          onChanged={show}
          onAdjusted={() => {
            onRecorded();
            void inventoryApi.getCount(selected.id).then(show, () => {});
          }}
        />
      ) : null}
      <CountList pages={pages} onOpen={setSelected} />
    </div>
  );
}
