import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  enrolAuthenticator,
  expectAccessible,
  launchBrowser,
  newPage,
  pageProblems,
  signIn,
} from './browser.ts';
import {
  chooseOption,
  fetchStock,
  fillReceipt,
  fillWitness,
  ledgerLength,
  main,
  openInventoryTab,
} from './flows/inventory.ts';
import { DEMO, DEMO_PASSWORD, startServer, type TestServer } from './server.ts';
import { nextTotp } from './totp.ts';

// One delivery followed through the ledger: receipt → administration → witnessed waste → count → reports.
const LOT = `E2E-${Date.now().toString(36).toUpperCase()}`;
const DOSE_MG = 35;
// A valid DEA number: (1+3+5) + 2 × (2+4+6) = 33, so the check digit is 3.
const SUPPLIER_DEA = 'AB1234563';

let server: TestServer;
let browser: Browser;
let nurse: Page;
let prescriber: Page;
let totpSecret = '';
let totpStepUsed: number | null = null;
const PRODUCT = `E2E Ketamine ${Date.now().toString(36)}`;
const CABINET = `E2E cabinet ${Date.now().toString(36)}`;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function isoDay(offsetDays: number): string {
  return new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);
}

async function ourLot(page: Page) {
  const row = (await fetchStock(page, server.baseUrl)).find((r) => r.lotNumber === LOT);
  if (!row) throw new Error(`lot ${LOT} is not in stock`);
  return row;
}

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  nurse = await newPage(browser);
  await signIn(nurse, server.baseUrl, { email: DEMO.nurse.email, password: DEMO_PASSWORD });
  // The prescriber is the registrant's side (products, cabinets, theft or loss) and the witness.
  prescriber = await newPage(browser);
  await prescriber.goto(`${server.baseUrl}/app/login`);
  await prescriber.getByLabel('Email').fill(DEMO.prescriber.email);
  await prescriber.getByLabel('Password').fill(DEMO_PASSWORD);
  await prescriber.getByRole('button', { name: 'Sign in' }).click();
  const enrolled = await enrolAuthenticator(prescriber);
  totpSecret = enrolled.secret;
  totpStepUsed = enrolled.step;
  await prescriber.getByRole('button', { name: 'I have saved these codes' }).click();
  await prescriber.getByRole('heading', { level: 1, name: /^Welcome/ }).waitFor();
});

/** A code from the prescriber's authenticator that the server has not seen yet. */
function prescriberCode(): string {
  const { code, step } = nextTotp(totpSecret, totpStepUsed);
  totpStepUsed = step;
  return code;
}

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('controlled-substance ledger in the browser', () => {
  it('lets a prescriber add a product and a locked cabinet', async () => {
    await openInventoryTab(prescriber, 'Products and cabinets');
    const products = main(prescriber).getByRole('region', { name: 'Products', exact: true });
    await products.getByRole('radio', { name: /^Vial/ }).check();
    await products.getByLabel('Name', { exact: true }).fill(PRODUCT);
    await products.getByLabel('NDC').fill('12345-6789-01');
    await products.getByLabel('Strength (mg per mL)').fill('50');
    await products.getByLabel('Container', { exact: true }).fill('10 mL vial');
    await products.getByLabel('mg per container').fill('500');
    await products.getByRole('button', { name: 'Add product' }).click();
    await products.getByRole('status').getByText(`Added ${PRODUCT}.`).waitFor();

    const cabinets = main(prescriber).getByRole('region', { name: 'Cabinets', exact: true });
    await chooseOption(cabinets.getByLabel('Location'), 'Main clinic');
    await cabinets.getByLabel('Cabinet name').fill(CABINET);
    await cabinets.getByRole('button', { name: 'Add cabinet' }).click();
    await cabinets.getByRole('status').getByText(`Added ${CABINET} at Main clinic.`).waitFor();
    await expectAccessible(prescriber, 'the products and cabinets tab');
  });

  it('records a receipt with its invoice and supplier DEA details, naming bad fields first', async () => {
    await openInventoryTab(nurse, 'Receive');
    await main(nurse).getByRole('button', { name: 'Record receipt' }).click();
    await main(nurse).getByRole('alert').first().waitFor();
    expect(await main(nurse).getByLabel('Lot number').getAttribute('aria-invalid')).toBe('true');
    await expectAccessible(nurse, 'the receive form with errors');

    await fillReceipt(nurse, {
      product: PRODUCT,
      cabinet: CABINET,
      lotNumber: LOT,
      expiresOn: isoDay(700),
      containers: '2',
      supplierName: 'Example Wholesale Pharma',
      supplierAddress: '1 Supply Way, Newark, NJ 07102',
      supplierDea: SUPPLIER_DEA,
      invoiceNumber: `INV-${LOT}`,
      invoiceDate: isoDay(0),
    });
    await main(nurse).getByRole('button', { name: 'Record receipt' }).click();
    await main(nurse)
      .getByRole('status')
      .filter({ hasText: `lot ${LOT}` })
      .waitFor();
    await expectAccessible(nurse, 'the receive form after a receipt');
    const row = await ourLot(nurse);
    expect(row.balance).toBeGreaterThan(0);
  });

  it('shows the new stock by lot and cabinet; expired lots are marked and never offered for administration', async () => {
    await openInventoryTab(nurse, 'Stock');
    const balances = main(nurse).getByRole('table', { name: 'Balances by lot and cabinet' });
    // Two 10 mL vials of 50 mg/mL: mg with mL beside it.
    expect(await balances.getByRole('row', { name: new RegExp(LOT) }).textContent()).toContain(
      '1000 mg (20 mL)',
    );
    expect(await nurse.title()).toBe('Stock · Controlled substances · Ketaflow');
    await expectAccessible(nurse, 'the stock tab');

    const expired = (await fetchStock(nurse, server.baseUrl)).filter((r) => r.expired && r.balance > 0);
    await openInventoryTab(nurse, 'Administer');
    const offered = await main(nurse).getByLabel('Lot and cabinet').locator('option').allTextContents();
    for (const row of expired) {
      expect(offered.some((o) => o.includes(`lot ${row.lotNumber} `))).toBe(false);
    }
    expect(offered.some((o) => o.includes('EXPIRED'))).toBe(false);
  });

  it('records an administration to a demo patient, then the leftover as waste with a witness who signs in', async () => {
    const before = await ourLot(nurse);
    await openInventoryTab(nurse, 'Administer');
    await main(nurse).getByLabel('Find the patient').fill('Rivera');
    await main(nurse).getByRole('button', { name: 'Search' }).click();
    const chosen = main(nurse).getByTestId('chosen-patient');
    await chosen.waitFor();
    expect(await chosen.textContent()).toMatch(/Jordan .*Rivera/);
    await chooseOption(main(nurse).getByLabel('Lot and cabinet'), `lot ${LOT} `);
    await main(nurse)
      .getByLabel(/^Quantity given/)
      .fill(String(DOSE_MG));
    await main(nurse).getByText(`= ${DOSE_MG} mg (`).waitFor();
    await expectAccessible(nurse, 'the administer form');
    await main(nurse).getByRole('button', { name: 'Record administration' }).click();
    await main(nurse)
      .getByRole('status')
      .filter({ hasText: /^Recorded:/ })
      .waitFor();

    const prompt = main(nurse).getByRole('region', { name: 'Waste the rest of the opened container' });
    await prompt.waitFor();
    await expectAccessible(nurse, 'the witnessed-waste prompt');
    const remainder = Number(await prompt.getByLabel(/^Quantity wasted/).inputValue());
    expect(remainder).toBeGreaterThan(0);

    // A wrong password: the error sits next to the witness's password, and nothing is written.
    const entriesBefore = await ledgerLength(nurse, server.baseUrl);
    await fillWitness(prompt, { email: DEMO.prescriber.email, password: 'not the password' });
    await prompt.getByRole('button', { name: 'Record witnessed waste' }).click();
    const password = prompt.getByLabel('Witness password');
    await prompt.getByRole('alert').first().waitFor();
    expect(await password.getAttribute('aria-invalid')).toBe('true');
    const describedBy = (await password.getAttribute('aria-describedby')) ?? '';
    expect(await nurse.locator(`[id="${describedBy}"]`).textContent()).toBe(
      'The witness’s email or password is not right.',
    );
    expect(await password.inputValue()).toBe('');
    await expectAccessible(nurse, 'the waste form with a witness error');
    expect(await ledgerLength(nurse, server.baseUrl)).toBe(entriesBefore);
    expect((await ourLot(nurse)).balance).toBe(before.balance - DOSE_MG);

    await fillWitness(prompt, {
      email: DEMO.prescriber.email,
      password: DEMO_PASSWORD,
      totp: prescriberCode(),
    });
    await prompt.getByRole('button', { name: 'Record witnessed waste' }).click();
    await main(nurse)
      .getByRole('status')
      .filter({ hasText: `witnessed by ${DEMO.prescriber.name}` })
      .waitFor();
    expect(await ledgerLength(nurse, server.baseUrl)).toBe(entriesBefore + 1);
    expect((await ourLot(nurse)).balance).toBe(before.balance - DOSE_MG - remainder);
  });

  it('counts the cabinet blind, shows expected against counted and works the discrepancy through', async () => {
    const lot = await ourLot(nurse);
    const inCabinet = (await fetchStock(nurse, server.baseUrl)).filter((r) => r.cabinetId === lot.cabinetId);
    await openInventoryTab(nurse, 'Count');
    const form = main(nurse).getByRole('region', { name: 'New count' });
    await chooseOption(form.getByLabel('Cabinet'), CABINET);
    await form.getByRole('radio', { name: 'Shift count' }).check();
    for (const row of inCabinet) {
      // One mg short on our lot: a discrepancy to work through.
      const counted = row.lotId === lot.lotId ? row.balance - 1 : row.balance;
      await form
        .getByLabel(new RegExp(`^Counted \\(.+\\), .*lot ${escapeRegExp(row.lotNumber)}$`))
        .fill(String(counted));
    }
    await expectAccessible(nurse, 'the count form');
    await form.getByRole('button', { name: 'Save count' }).click();

    const detail = main(nurse).getByRole('region', { name: /^Shift count, / });
    await detail.waitFor();
    await detail.getByText('Discrepancy open').waitFor();
    const ours = detail.getByRole('row', { name: new RegExp(`lot ${LOT}`) });
    expect(await ours.textContent()).toContain('-1 mg');
    await expectAccessible(nurse, 'a count with a discrepancy');

    await detail
      .getByLabel('Note')
      .fill('Recounted with the charge nurse; checking the day’s administrations.');
    await detail.getByRole('button', { name: 'Save step' }).click();
    await detail.getByText('Being investigated').waitFor();
    await detail.getByRole('radio', { name: /^Explained/ }).check();
    await detail
      .getByLabel('Note')
      .fill('A drawn-up dose was documented twice on paper; balance confirmed short by 1 mg.');
    await detail.getByRole('button', { name: 'Save step' }).click();
    await detail.getByText('Explained', { exact: true }).waitFor();
    await main(nurse)
      .getByRole('table', { name: 'Counts and inventories' })
      .getByText('Explained')
      .first()
      .waitFor();

    // The list keeps to the dates asked for; a reversed range is refused beside the field.
    const dates = main(nurse).getByRole('form', { name: 'Count dates' });
    await dates.getByLabel('Counted from').fill('2099-01-02');
    await dates.getByLabel('Counted to').fill('2099-01-01');
    await dates.getByRole('button', { name: 'Show these dates' }).click();
    await dates.getByText('Choose a date on or after the “from” date.').waitFor();
    await expectAccessible(nurse, 'the count dates with an error');
    await dates.getByLabel('Counted to').fill('2099-01-03');
    await dates.getByRole('button', { name: 'Show these dates' }).click();
    await main(nurse).getByText('No counts on these dates.').waitFor();
    await dates.getByRole('button', { name: 'All dates' }).click();
    await main(nurse)
      .getByText(/^Showing \d+ of \d+ counts, newest first\.$/)
      .waitFor();
  });

  it('shows the ledger with its hash chain verified, filtered by lot', async () => {
    await openInventoryTab(nurse, 'Ledger');
    await main(nurse).getByTestId('ledger-verification').getByText('Ledger verified:').waitFor();
    await chooseOption(main(nurse).getByLabel('Lot'), `lot ${LOT}`);
    await main(nurse).getByRole('button', { name: 'Apply filters' }).click();
    await nurse.getByRole('status').getByText('3 entries shown.').waitFor();
    const rows = main(nurse).getByRole('table', { name: 'Ledger entries' }).locator('tbody tr');
    const kinds = await rows.locator('td:nth-child(3)').allTextContents();
    expect(kinds.sort()).toEqual(['Administration', 'Receipt', 'Waste']);
    expect(await rows.first().locator('code.hash').getAttribute('title')).toMatch(/^[0-9a-f]{64}$/);
    await expectAccessible(nurse, 'the ledger tab');
  });

  it('shows the reports as tables, with CSV and PDF downloads of the same rows', async () => {
    await openInventoryTab(nurse, 'Reports');
    await chooseOption(main(nurse).getByLabel('Lot'), `lot ${LOT}`);
    await main(nurse).getByRole('button', { name: 'Show report' }).click();
    await nurse.getByRole('status').getByText('1 row.').waitFor();
    const table = main(nurse).locator('table');
    expect(await table.textContent()).toContain('Rivera');
    await expectAccessible(nurse, 'the administrations report');

    const csvHref = await main(nurse).getByRole('link', { name: 'Download CSV' }).getAttribute('href');
    const csv = await nurse.request.get(`${server.baseUrl}${csvHref}`);
    expect(csv.status()).toBe(200);
    expect(csv.headers()['content-type']).toContain('text/csv');
    expect(await csv.text()).toContain(LOT);
    const pdfHref = await main(nurse).getByRole('link', { name: 'Download PDF' }).getAttribute('href');
    const pdf = await nurse.request.get(`${server.baseUrl}${pdfHref}`);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toContain('application/pdf');
    expect((await pdf.body()).subarray(0, 4).toString()).toBe('%PDF');

    await main(nurse).getByLabel('Report', { exact: true }).selectOption('waste');
    await main(nurse).getByRole('button', { name: 'Show report' }).click();
    await nurse.getByRole('status').getByText('1 row.').waitFor();
    expect(await table.textContent()).toContain(DEMO.prescriber.name);
    await expectAccessible(nurse, 'the waste report');
    expect(pageProblems(nurse)).toEqual([]);
  });

  it('gives the registrant’s forms to prescribers only, with the one-business-day notice in view', async () => {
    const tabs = await nurse
      .getByRole('navigation', { name: 'Controlled substances' })
      .getByRole('link')
      .allTextContents();
    expect(tabs).not.toContain('Theft or loss');
    expect(tabs).not.toContain('Returns and destruction');

    await openInventoryTab(prescriber, 'Theft or loss');
    const reminder = main(prescriber).getByTestId('loss-reminder');
    expect(await reminder.textContent()).toContain('Within one business day');
    await expectAccessible(prescriber, 'the theft-or-loss tab');
    await openInventoryTab(prescriber, 'Returns and destruction');
    await main(prescriber).getByLabel('Witness 2 password').waitFor();
    await expectAccessible(prescriber, 'the returns and destruction tab');
    expect(pageProblems(prescriber)).toEqual([]);
  });
});
