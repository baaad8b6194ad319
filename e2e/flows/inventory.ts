import type { Locator, Page } from 'playwright-core';

/**
 * Steps on the controlled-substance screens (/app/inventory), for the ledger's browser tests and for
 * longer paths that end in an administration (session charting). Each starts from a signed-in page.
 */

export type Receipt = {
  /** Part of the product's option text, e.g. "mg/mL". */
  product: string;
  /** Part of the cabinet's option text; the first cabinet when absent. */
  cabinet?: string;
  lotNumber: string;
  expiresOn: string;
  containers: string;
  supplierName: string;
  supplierAddress: string;
  supplierDea: string;
  invoiceNumber: string;
  invoiceDate: string;
};

export type StockRow = {
  lotId: string;
  lotNumber: string;
  expired: boolean;
  cabinetId: string;
  cabinetName: string;
  balance: number;
  productName: string;
};

export function main(page: Page): Locator {
  return page.getByRole('main');
}

/** Opens one tab of the controlled-substance screens from the main navigation. */
export async function openInventoryTab(page: Page, tab: string): Promise<void> {
  const nav = page.getByRole('navigation', { name: 'Main' });
  if (!page.url().includes('/app/inventory')) {
    await nav.getByRole('link', { name: 'Controlled substances' }).click();
    await page.getByRole('heading', { level: 1, name: 'Controlled substances' }).waitFor();
  }
  await page
    .getByRole('navigation', { name: 'Controlled substances' })
    .getByRole('link', { name: tab, exact: true })
    .click();
  await main(page).getByRole('heading', { level: 2, name: tab, exact: true }).waitFor();
}

/** Chooses the first option of a select whose text contains `text`. */
export async function chooseOption(select: Locator, text: string): Promise<string> {
  const options = await select
    .locator('option')
    .evaluateAll((all) =>
      all.map((o) => ({ value: (o as HTMLOptionElement).value, label: o.textContent ?? '' })),
    );
  const option = options.find((o) => o.value !== '' && o.label.includes(text));
  if (!option)
    throw new Error(`no option containing "${text}" in ${options.map((o) => o.label).join(' | ')}`);
  await select.selectOption(option.value);
  return option.label;
}

export async function fillReceipt(page: Page, r: Receipt): Promise<void> {
  const form = main(page);
  await chooseOption(form.getByLabel('Product'), r.product);
  await chooseOption(form.getByLabel('Into cabinet'), r.cabinet ?? ':');
  await form.getByLabel('Containers received').fill(r.containers);
  await form.getByLabel('Lot number').fill(r.lotNumber);
  await form.getByLabel('Expiry date').fill(r.expiresOn);
  await form.getByLabel('Supplier name').fill(r.supplierName);
  await form.getByLabel('Supplier DEA number').fill(r.supplierDea);
  await form.getByLabel('Invoice number').fill(r.invoiceNumber);
  await form.getByLabel('Invoice date').fill(r.invoiceDate);
  await form.getByLabel('Supplier address').fill(r.supplierAddress);
}

/** The witness types their own credentials into the witness box (numbered when there are two). */
export async function fillWitness(
  scope: Locator,
  witness: { email: string; password: string; totp?: string },
  number?: 1 | 2,
): Promise<void> {
  const n = number ? ` ${number}` : '';
  await scope.getByLabel(`Witness${n} email`).fill(witness.email);
  await scope.getByLabel(`Witness${n} password`).fill(witness.password);
  if (witness.totp) await scope.getByLabel(`Witness${n} authenticator code`).fill(witness.totp);
}

/** The clinic's balances as the API gives them (the screens show the same numbers). */
export async function fetchStock(page: Page, baseUrl: string): Promise<StockRow[]> {
  const res = await page.request.get(`${baseUrl}/api/v1/inventory/stock`);
  if (res.status() !== 200) throw new Error(`GET /inventory/stock: HTTP ${res.status()}`);
  return ((await res.json()) as { stock: StockRow[] }).stock;
}

/** How many ledger entries the clinic has: the chain's length as verification counts it. */
export async function ledgerLength(page: Page, baseUrl: string): Promise<number> {
  const res = await page.request.get(`${baseUrl}/api/v1/inventory/verify`);
  if (res.status() !== 200) throw new Error(`GET /inventory/verify: HTTP ${res.status()}`);
  return ((await res.json()) as { entries: number }).entries;
}
