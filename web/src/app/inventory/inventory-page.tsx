import { useRef } from 'react';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { SectionHeading } from '../../components/section-heading.tsx';
import { can, type Permission } from '../../permissions.ts';
import { Link } from '../../router.ts';
import { useMe } from '../../session.tsx';
import { AdministerSection } from './administer-section.tsx';
import { CountSection } from './count-section.tsx';
import { DisposalSection } from './disposal-section.tsx';
import { LedgerSection } from './ledger-section.tsx';
import { LossSection } from './loss-section.tsx';
import { ReceiveSection } from './receive-section.tsx';
import { ReportsSection } from './reports-section.tsx';
import { SetupSection } from './setup-section.tsx';
import { StockSection } from './stock-section.tsx';
import { TransferSection } from './transfer-section.tsx';
import { useInventory } from './use-inventory.ts';
import { WasteSection } from './waste-section.tsx';

export const INVENTORY_SECTIONS = [
  'stock',
  'receive',
  'administer',
  'waste',
  'transfer',
  'count',
  'disposal',
  'loss',
  'ledger',
  'reports',
  'setup',
] as const;
export type InventorySection = (typeof INVENTORY_SECTIONS)[number];

const SECTIONS: Record<InventorySection, { label: string; permission: Permission }> = {
  stock: { label: 'Stock', permission: 'inventory:read' },
  receive: { label: 'Receive', permission: 'inventory:record' },
  administer: { label: 'Administer', permission: 'inventory:record' },
  waste: { label: 'Waste', permission: 'inventory:record' },
  transfer: { label: 'Transfer', permission: 'inventory:record' },
  count: { label: 'Count', permission: 'inventory:read' },
  disposal: { label: 'Returns and destruction', permission: 'inventory:manage' },
  loss: { label: 'Theft or loss', permission: 'inventory:manage' },
  ledger: { label: 'Ledger', permission: 'inventory:read' },
  reports: { label: 'Reports', permission: 'inventory:read' },
  setup: { label: 'Products and cabinets', permission: 'inventory:read' },
};

export function inventoryPath(section: InventorySection): string {
  return section === 'stock' ? '/app/inventory' : `/app/inventory/${section}`;
}

/**
 * The controlled-substance screens (DEA Schedule III): stock, every kind of ledger entry, counts,
 * the hash-chained ledger and the inspection reports, reachable from one page (dea-1304-04).
 */
export function InventoryPage({ section }: { section: InventorySection }) {
  const me = useMe();
  const data = useInventory();
  const arrivedAt = useRef(section);
  const moved = useRef(false);
  if (section !== arrivedAt.current) moved.current = true;

  const visible = INVENTORY_SECTIONS.filter((s) => can(me, SECTIONS[s].permission));
  const { label } = SECTIONS[section];
  const allowed = visible.includes(section);
  const mgPerMlOf = (productId: string) => data.products.find((p) => p.id === productId)?.mgPerMl ?? null;
  const reload = () => void data.reload();

  return (
    <>
      <PageHeader title="Controlled substances" documentTitle={`${label} · Controlled substances`} />
      <nav aria-label="Controlled substances" className="section-nav">
        <ul>
          {visible.map((s) => (
            <li key={s}>
              <Link to={inventoryPath(s)} aria-current={s === section ? 'page' : undefined}>
                {SECTIONS[s].label}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <SectionHeading id="section-heading" focus={moved.current}>
        {label}
      </SectionHeading>
      <ErrorAlert error={data.error} />
      {!allowed ? (
        <p>You do not have permission to use this part of the ledger.</p>
      ) : !data.loaded ? (
        <p role="status">Loading stock…</p>
      ) : (
        <>
          {section === 'stock' ? <StockSection stock={data.stock} products={data.products} /> : null}
          {section === 'receive' ? (
            <ReceiveSection products={data.products} cabinets={data.cabinets} onRecorded={reload} />
          ) : null}
          {section === 'administer' ? (
            <AdministerSection
              stock={data.stock}
              mgPerMlOf={mgPerMlOf}
              witnessRequired={data.witnessPolicy.wasteWitnessRequired}
              onRecorded={reload}
            />
          ) : null}
          {section === 'waste' ? (
            <WasteSection
              stock={data.stock}
              mgPerMlOf={mgPerMlOf}
              witnessRequired={data.witnessPolicy.wasteWitnessRequired}
              onRecorded={reload}
            />
          ) : null}
          {section === 'transfer' ? (
            <TransferSection
              stock={data.stock}
              cabinets={data.cabinets}
              mgPerMlOf={mgPerMlOf}
              onRecorded={reload}
            />
          ) : null}
          {section === 'count' ? (
            <CountSection
              stock={data.stock}
              cabinets={data.cabinets}
              canRecord={can(me, 'inventory:record')}
              canAdjust={can(me, 'inventory:manage')}
              witnessRequired={data.witnessPolicy.adjustmentWitnessRequired}
              onRecorded={reload}
            />
          ) : null}
          {section === 'disposal' ? (
            <DisposalSection stock={data.stock} products={data.products} onRecorded={reload} />
          ) : null}
          {section === 'loss' ? (
            <LossSection stock={data.stock} products={data.products} onRecorded={reload} />
          ) : null}
          {section === 'ledger' ? <LedgerSection products={data.products} stock={data.stock} /> : null}
          {section === 'reports' ? <ReportsSection products={data.products} stock={data.stock} /> : null}
          {section === 'setup' ? (
            <SetupSection
              products={data.products}
              cabinets={data.cabinets}
              canManage={can(me, 'inventory:manage')}
              onSaved={reload}
            />
          ) : null}
        </>
      )}
    </>
  );
}
