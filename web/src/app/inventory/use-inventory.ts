import { useCallback, useEffect, useState } from 'react';
import {
  type Cabinet,
  inventoryApi,
  type Product,
  type StockRow,
  type WitnessPolicy,
} from '../../api/inventory.ts';

export type InventoryData = {
  products: Product[];
  cabinets: Cabinet[];
  stock: StockRow[];
  witnessPolicy: WitnessPolicy;
  loaded: boolean;
  error: unknown;
  reload: () => Promise<void>;
};

// Until the clinic's policy has loaded, ask for the witness: the safe side of the rule.
const WITNESS_DEFAULT: WitnessPolicy = { wasteWitnessRequired: true, adjustmentWitnessRequired: true };

/** Products, cabinets and balances: every tab works from the same picture and refreshes it after a write. */
export function useInventory(): InventoryData {
  const [products, setProducts] = useState<Product[]>([]);
  const [cabinets, setCabinets] = useState<Cabinet[]>([]);
  const [stock, setStock] = useState<StockRow[]>([]);
  const [witnessPolicy, setWitnessPolicy] = useState<WitnessPolicy>(WITNESS_DEFAULT);
  const [loaded, setLoaded] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const reload = useCallback(async () => {
    try {
      const [p, c, s] = await Promise.all([
        inventoryApi.listProducts(),
        inventoryApi.listCabinets(),
        inventoryApi.listStock(),
      ]);
      setProducts(p.products);
      setCabinets(c.cabinets);
      setStock(s.stock);
      setError(null);
    } catch (e) {
      setError(e);
    } finally {
      setLoaded(true);
    }
    inventoryApi.witnessPolicy().then(setWitnessPolicy, () => setWitnessPolicy(WITNESS_DEFAULT));
  }, []);

  useEffect(() => {
    void reload();
  }, [reload]);

  return { products, cabinets, stock, witnessPolicy, loaded, error, reload };
}

/** One choice in a lot picker: a lot in a cabinet. */
export function stockKey(row: Pick<StockRow, 'lotId' | 'cabinetId'>): string {
  return `${row.lotId}:${row.cabinetId}`;
}

export function findStock(stock: StockRow[], key: string): StockRow | undefined {
  return stock.find((row) => stockKey(row) === key);
}
