import { useEffect, useState } from 'react';
import { inventoryApi, type Product, type StockRow } from '../../api/inventory.ts';
import { type DoseCalculation, plansApi } from '../../api/plans.ts';
import type { SessionChart } from '../../api/sessions.ts';

export type PlannedDose = { doseMg: number; calculation: DoseCalculation | null; source: string };

export type DosingData = {
  planned: PlannedDose | null;
  stock: StockRow[];
  products: Product[];
  loaded: boolean;
  error: unknown;
};

/** The signed dose of this booking's planned session: its latest dose decision, else the plan's dose. */
async function findPlannedDose(chart: SessionChart): Promise<PlannedDose | null> {
  if (!chart.plannedSessionId) return null;
  const { items } = await plansApi.list(chart.patient.id);
  for (const summary of items) {
    const plan = await plansApi.read(summary.id);
    const session = plan.sessions.find((s) => s.id === chart.plannedSessionId);
    if (!session) continue;
    const decision = session.doseDecision;
    if (decision?.doseMg) {
      return { doseMg: decision.doseMg, calculation: decision.calculation, source: 'dose decision' };
    }
    return { doseMg: session.doseMg, calculation: session.calculation, source: 'treatment plan' };
  }
  return null;
}

/** What the dose form needs: the planned dose and the stock of the route's product. */
export function useDosingData(chart: SessionChart, wanted: boolean): DosingData {
  const [data, setData] = useState<DosingData>({
    planned: null,
    stock: [],
    products: [],
    loaded: false,
    error: null,
  });
  const sessionId = chart.id;
  // biome-ignore lint/correctness/useExhaustiveDependencies: read once per session, when the form is needed
  useEffect(() => {
    if (!wanted) return;
    let cancelled = false;
    Promise.all([findPlannedDose(chart), inventoryApi.listStock(), inventoryApi.listProducts()]).then(
      ([planned, stock, products]) => {
        if (cancelled) return;
        const form = chart.route === 'esketamine' ? 'nasal-device' : 'vial';
        const productIds = new Set(products.products.filter((p) => p.form === form).map((p) => p.id));
        setData({
          planned,
          stock: stock.stock.filter((row) => productIds.has(row.productId)),
          products: products.products,
          loaded: true,
          error: null,
        });
      },
      (error) => !cancelled && setData((d) => ({ ...d, loaded: true, error })),
    );
    return () => {
      cancelled = true;
    };
  }, [sessionId, wanted]);
  return data;
}
