import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enrolAuthenticator, expectAccessible, launchBrowser, newPage, pageProblems } from './browser.ts';
import { DEMO, DEMO_PASSWORD, startServer, type TestServer } from './server.ts';

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** A page with JavaScript switched off, as some visitors browse. */
async function noScriptPage(): Promise<Page> {
  const context = await browser.newContext({
    javaScriptEnabled: false,
    viewport: { width: 390, height: 844 },
  });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  return page;
}

/**
 * axe needs JavaScript in the page, so a page seen without it is scanned as a copy: the same HTML,
 * served at the same origin (so its stylesheet loads) in a page where scripts run.
 */
async function expectAccessibleWithoutScript(page: Page, screen: string): Promise<void> {
  const markup = await page.content();
  const scan = await newPage(browser);
  await scan.route('**/__snapshot', (route) => route.fulfill({ contentType: 'text/html', body: markup }));
  await scan.goto(`${server.baseUrl}/__snapshot`);
  await expectAccessible(scan, screen);
  await scan.context().close();
}

// The form refuses what arrives faster than a person could type it (3 s after it was served).
const waitLikeAPerson = (page: Page) => page.waitForTimeout(3_500);

describe('the callback form', () => {
  it('works without JavaScript: field errors next to the fields, values kept, then a confirmation', async () => {
    const page = await noScriptPage();
    await page.goto(`${server.baseUrl}/callback`);
    await page.getByRole('heading', { level: 1, name: 'Ask us to call you' }).waitFor();
    expect(await page.getByText('Not for emergencies').isVisible()).toBe(true);
    await expectAccessibleWithoutScript(page, 'callback form (no JavaScript)');

    await page.getByLabel('Your name').fill('Nora <b>NoScript</b>');
    await page.getByLabel('Phone number').fill('12');
    await page.getByRole('button', { name: 'Ask for a call' }).click();
    await page.getByRole('heading', { name: 'Please check the form' }).waitFor();
    expect(await page.locator('#err-phone').textContent()).toMatch(/area code/);
    expect(await page.locator('#err-consent').textContent()).toMatch(/Tick the box/);
    expect(await page.getByLabel('Your name').inputValue()).toBe('Nora <b>NoScript</b>');
    await expectAccessibleWithoutScript(page, 'callback form with errors (no JavaScript)');

    await page.getByLabel('Phone number').fill('212 555 0181');
    await page.getByLabel('Evening (5 to 8)').check();
    await page.getByRole('checkbox', { name: /may contact me/ }).check();
    await waitLikeAPerson(page);
    await page.getByRole('button', { name: 'Ask for a call' }).click();
    await page.getByRole('heading', { level: 1, name: 'Thank you, we got your request' }).waitFor();
    await expectAccessibleWithoutScript(page, 'callback confirmation (no JavaScript)');
    await page.context().close();
  });

  it('with JavaScript: checks the fields in place and sends through the API', async () => {
    const page = await newPage(browser);
    await page.goto(`${server.baseUrl}/callback`);
    await page.getByLabel('Your name').fill('Jamie Script');
    await page.getByLabel('Phone number').fill('555');
    await page.locator('input[name=preferredContact][value=email]').check();
    await page.getByRole('button', { name: 'Ask for a call' }).click();
    await page.locator('#err-phone').waitFor();
    expect(await page.locator('#err-email').textContent()).toMatch(/email address/);
    expect(page.url()).toBe(`${server.baseUrl}/callback`);
    await expectAccessible(page, 'callback form with errors (JavaScript)');

    await page.getByLabel('Phone number').fill('(646) 555-0182');
    await page.locator('input[name=preferredContact][value=phone]').check();
    await page.getByRole('checkbox', { name: /may contact me/ }).check();
    await waitLikeAPerson(page);
    await page.getByRole('button', { name: 'Ask for a call' }).click();
    await page.getByRole('heading', { name: 'Thank you, we got your request' }).waitFor();
    expect(pageProblems(page)).toEqual([]);
    await page.context().close();
  });
});

describe('the lead queue', () => {
  it('front desk sees both requests, moves one on and registers the person as a patient', async () => {
    const page = await newPage(browser);
    await page.goto(`${server.baseUrl}/app/login`);
    await page.getByLabel('Email').fill(DEMO.frontDesk.email);
    await page.getByLabel('Password').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: /^Welcome/ }).waitFor();
    await page.getByRole('link', { name: 'Callback requests' }).click();
    await page.getByRole('heading', { level: 1, name: 'Callback requests' }).waitFor();
    await page.getByRole('link', { name: 'Nora <b>NoScript</b>' }).waitFor();
    await expectAccessible(page, 'lead queue');

    await page.getByRole('link', { name: 'Jamie Script' }).click();
    await page.getByRole('heading', { level: 1, name: 'Callback request: Jamie Script' }).waitFor();
    await page.getByLabel('Note').fill('Spoke with Jamie; wants a consult.');
    await page.getByRole('button', { name: 'Mark contacted' }).click();
    await page.getByText('Moved to Contacted.').waitFor();
    await page.getByText('Spoke with Jamie; wants a consult.').waitFor();
    await page.getByLabel('Date of birth').fill('1988-02-14');
    await page.getByRole('button', { name: 'Register patient' }).click();
    await page.getByText('Registered as a patient.').waitFor();
    await expectAccessible(page, 'lead detail after registration');
    await page.getByRole('link', { name: 'Open the patient record' }).first().click();
    await page.getByRole('heading', { level: 1, name: /Jamie Script/ }).waitFor();
    expect(pageProblems(page)).toEqual([]);
    await page.context().close();
  });
});

describe('the clinic finder', () => {
  it('finds clinics by ZIP code without JavaScript, nearest first', async () => {
    const page = await noScriptPage();
    await page.goto(`${server.baseUrl}/clinics`);
    await expectAccessibleWithoutScript(page, 'clinic finder (no JavaScript)');
    expect(await page.getByRole('button', { name: 'Use my location' }).count()).toBe(0);
    await page.getByLabel('ZIP code').fill('10001');
    await page.getByLabel('Within').selectOption('100');
    await page.getByRole('button', { name: 'Find clinics' }).click();
    await page.getByRole('heading', { name: 'Clinics near you' }).waitFor();
    const names = await page.locator('.clinic-results h3').allTextContents();
    expect(names[0]).toMatch(/Main clinic/);
    expect(names).toContain('Hudson River Ketamine Care');
    expect(names).not.toContain('Sunset Ketamine Therapy');
    await expectAccessibleWithoutScript(page, 'clinic finder results (no JavaScript)');

    await page.getByLabel('ZIP code').fill('00000');
    await page.getByRole('button', { name: 'Find clinics' }).click();
    await page.locator('#err-zip').waitFor();
    await page.context().close();
  });

  it('with JavaScript, "Use my location" searches from the browser’s position', async () => {
    const context = await browser.newContext({
      geolocation: { latitude: 34.0522, longitude: -118.2437 },
      permissions: ['geolocation'],
    });
    const page = await context.newPage();
    await page.goto(`${server.baseUrl}/clinics`);
    await page.getByRole('button', { name: 'Use my location' }).click();
    await page.getByRole('heading', { name: 'Clinics near you' }).waitFor();
    expect(await page.locator('.clinic-results h3').first().textContent()).toBe('Sunset Ketamine Therapy');
    await expectAccessible(page, 'clinic finder results from a position');
    await context.close();
  });
});

describe('the clinic directory import', () => {
  it('an admin checks a CSV, sees each bad row, then imports the fixed file', async () => {
    const page = await newPage(browser);
    await page.goto(`${server.baseUrl}/app/login`);
    await page.getByLabel('Email').fill(DEMO.admin.email);
    await page.getByLabel('Password').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await enrolAuthenticator(page);
    await page.getByRole('button', { name: 'I have saved these codes' }).click();
    await page.getByRole('heading', { level: 1, name: /^Welcome/ }).waitFor();
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Clinic directory' })
      .click();
    await page.getByRole('heading', { level: 1, name: 'Clinic directory' }).waitFor();
    await page.getByRole('table', { name: /The directory \(10 clinics/ }).waitFor();
    const header = 'name,address,city,state,zip,phone,website,services,accreditations';
    await page
      .getByLabel('Or paste the CSV')
      .fill(
        `${header}\nGood Clinic,1 A St,Albany,NY,12207,,,IV ketamine,\nBad Clinic,2 B St,Nowhere,ZZ,00000,,,Reiki,\n`,
      );
    await page.getByRole('button', { name: 'Check the file' }).click();
    const problems = page.getByRole('table', { name: /Problems/ });
    await problems.waitFor();
    expect(await problems.getByRole('row').count()).toBe(4);
    expect(await page.getByRole('button', { name: /^Import/ }).isDisabled()).toBe(true);
    await expectAccessible(page, 'directory import with problems');
    await page.getByRole('radio', { name: 'Add to the directory' }).check();
    await page
      .getByLabel('Or paste the CSV')
      .fill(`${header}\nGood Clinic,1 A St,Albany,NY,12207,,,IV ketamine,\n`);
    await page.getByRole('button', { name: 'Check the file' }).click();
    await page.getByRole('button', { name: 'Import 1 clinics' }).click();
    await page.getByText('Imported 1 clinics; the directory now lists 11.').waitFor();
    await expectAccessible(page, 'directory after import');
    await page.context().close();
  });
});
