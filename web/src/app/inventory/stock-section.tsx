import type { Product, StockRow } from '../../api/inventory.ts';
import { TableRegion } from '../../components/table-region.tsx';
import { formatDate } from '../../format.ts';
import { formatQuantity } from './quantity.ts';
import { stockKey } from './use-inventory.ts';

type Total = {
  product: Product | undefined;
  name: string;
  balance: number;
  ml: number | null;
  unit: StockRow['baseUnit'];
};

function totalsByProduct(stock: StockRow[], products: Product[]): Total[] {
  const totals = new Map<string, Total>();
  for (const row of stock) {
    const total = totals.get(row.productId) ?? {
      product: products.find((p) => p.id === row.productId),
      name: row.productName,
      balance: 0,
      ml: row.balanceMl === null ? null : 0,
      unit: row.baseUnit,
    };
    total.balance += row.balance;
    if (total.ml !== null && row.balanceMl !== null) total.ml += row.balanceMl;
    totals.set(row.productId, total);
  }
  return [...totals.values()].sort((a, b) => a.name.localeCompare(b.name));
}

/** What is on hand, lot by lot and cabinet by cabinet; expired lots stand out until they are disposed of. */
export function StockSection({ stock, products }: { stock: StockRow[]; products: Product[] }) {
  const rows = [...stock].sort(
    (a, b) =>
      a.productName.localeCompare(b.productName) ||
      a.expiresOn.localeCompare(b.expiresOn) ||
      a.cabinetName.localeCompare(b.cabinetName),
  );
  const expired = rows.filter((r) => r.expired && r.balance > 0).length;
  if (rows.length === 0) {
    return <p className="empty-state">No stock yet. Record a receipt to start the ledger.</p>;
  }
  return (
    <>
      {expired > 0 ? (
        <p className="alert alert-warning">
          {expired} expired {expired === 1 ? 'lot is' : 'lots are'} still in stock: not offered for
          administration. Return them to a reverse distributor or destroy them with two witnesses.
        </p>
      ) : null}
      <TableRegion labelledBy="stock-caption">
        <table className="table-dense">
          <caption id="stock-caption">Balances by lot and cabinet</caption>
          <thead>
            <tr>
              <th scope="col">Product</th>
              <th scope="col">Lot</th>
              <th scope="col">Expires</th>
              <th scope="col">Cabinet</th>
              <th scope="col" className="num">
                Balance
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={stockKey(row)} className={row.expired ? 'row-expired' : undefined}>
                <td>{row.productName}</td>
                <td>{row.lotNumber}</td>
                <td className="nowrap">
                  {formatDate(row.expiresOn)}{' '}
                  {row.expired ? <span className="badge badge-warn">Expired</span> : null}
                </td>
                <td>{row.cabinetName}</td>
                <td className="num nowrap">{formatQuantity(row.balance, row.baseUnit, row.balanceMl)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableRegion>
      <TableRegion labelledBy="totals-caption">
        <table className="table-dense">
          <caption id="totals-caption">Totals by product</caption>
          <thead>
            <tr>
              <th scope="col">Product</th>
              <th scope="col">Strength and container</th>
              <th scope="col" className="num">
                On hand
              </th>
            </tr>
          </thead>
          <tbody>
            {totalsByProduct(stock, products).map((t) => (
              <tr key={t.name}>
                <td>{t.name}</td>
                <td>{t.product ? `${t.product.strength}, ${t.product.containerSize}` : '—'}</td>
                <td className="num nowrap">{formatQuantity(t.balance, t.unit, t.ml)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableRegion>
    </>
  );
}
