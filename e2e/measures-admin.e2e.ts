import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enrolAuthenticator, expectAccessible, launchBrowser, newPage, pageProblems } from './browser.ts';
import { DEMO, DEMO_PASSWORD, startServer, type TestServer } from './server.ts';

let server: TestServer;
let browser: Browser;
let admin: Page;
let webhook: http.Server;
let webhookUrl = '';
const pages: unknown[] = [];

beforeAll(async () => {
  // Stands in for the clinic's paging service.
  webhook = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => {
      pages.push(JSON.parse(body));
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => webhook.listen(0, '127.0.0.1', resolve));
  webhookUrl = `http://127.0.0.1:${(webhook.address() as AddressInfo).port}/page`;

  server = await startServer();
  browser = await launchBrowser();
  admin = await newPage(browser);
  await admin.goto(`${server.baseUrl}/app/login`);
  await admin.getByLabel('Email').fill(DEMO.admin.email);
  await admin.getByLabel('Password').fill(DEMO_PASSWORD);
  await admin.getByRole('button', { name: 'Sign in' }).click();
  await enrolAuthenticator(admin);
  await admin.getByRole('button', { name: 'I have saved these codes' }).click();
  await admin.getByRole('heading', { level: 1, name: 'Welcome, Avery Admin' }).waitFor();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await new Promise((resolve) => webhook?.close(resolve));
});

async function openFromNav(label: string, heading: string): Promise<void> {
  await admin
    .getByRole('navigation', { name: 'Main' })
    .getByRole('link', { name: label, exact: true })
    .click();
  await admin.getByRole('heading', { level: 1, name: heading }).waitFor();
}

function pagingWarning() {
  return admin.getByTestId('paging-warning');
}

describe('paging and measurement settings', () => {
  it('warns on every admin page until a test page has gone through', async () => {
    await openFromNav('Users', 'Users');
    await pagingWarning()
      .getByText('No paging channel is configured: suicide-risk alerts cannot reach anyone out of hours.')
      .waitFor();
    await openFromNav('Audit trail', 'Audit trail');
    await pagingWarning().getByRole('link', { name: 'Set up paging' }).click();
    await admin.getByRole('heading', { level: 1, name: 'Clinic settings' }).waitFor();
    await pagingWarning().waitFor();
    await expectAccessible(admin, 'the clinic settings with the paging warning');

    const paging = admin.getByRole('region', { name: 'Paging' });
    await paging.getByLabel('On-call name').fill('Dr. On Call');
    await paging.getByLabel('On-call webhook URL').fill('not a web address');
    await paging.getByLabel('Page when unacknowledged after').fill('ten');
    await admin.getByRole('button', { name: 'Save settings' }).click();
    await paging.getByText('Enter a whole number of minutes.').waitFor();
    await paging.getByLabel('Page when unacknowledged after').fill('30');
    await admin.getByRole('button', { name: 'Save settings' }).click();
    await paging.getByText('Enter an http(s) URL.').waitFor();
    expect(await paging.getByLabel('On-call webhook URL').getAttribute('aria-invalid')).toBe('true');
    await expectAccessible(admin, 'the clinic settings with an error');

    await paging.getByLabel('On-call email').fill('oncall@demo.ketaflow.test');
    await paging.getByLabel('On-call webhook URL').fill(webhookUrl);
    await admin.getByLabel('Clinic phone').fill('+1 212 555 0100');
    await admin.getByRole('radio', { name: /MADRS 12 or less/ }).check();
    await admin.getByRole('button', { name: 'Save settings' }).click();
    await admin.getByRole('status').getByText('Settings saved.').waitFor();
    await pagingWarning()
      .getByText(/No test page has succeeded yet/)
      .waitFor();

    const test = admin.getByRole('region', { name: 'Test page' });
    await test.getByRole('button', { name: 'Send a test page' }).click();
    const results = test.getByRole('table', { name: 'Test page results' });
    await results.waitFor();
    expect(await results.getByRole('row', { name: /Webhook/ }).textContent()).toContain('Delivered');
    expect(await results.getByRole('row', { name: /Email/ }).textContent()).toMatch(
      /Failed.*SMTP is not configured/,
    );
    await pagingWarning().waitFor({ state: 'hidden' });
    expect(pages).toEqual([expect.objectContaining({ kind: 'test-page', subject: 'Ketaflow test page' })]);
    await test.getByText(/Last success: \w{3} \d+, \d{4}/).waitFor();
    await expectAccessible(admin, 'the clinic settings after a test page');
    await admin.screenshot({ path: '/tmp/ketaflow-clinic-settings.png', fullPage: true });

    // Saved values come back.
    await admin.reload();
    await admin.getByRole('heading', { level: 1, name: 'Clinic settings' }).waitFor();
    expect(await admin.getByLabel('Page when unacknowledged after').inputValue()).toBe('30');
    expect(await admin.getByRole('radio', { name: /MADRS 12 or less/ }).isChecked()).toBe(true);
    expect(await pagingWarning().count()).toBe(0);
    expect(pageProblems(admin)).toEqual([]);
  });

  it('lists the outbox, sent and waiting', async () => {
    await openFromNav('Outbox', 'Outbox');
    await admin.getByText('SMTP is not configured on the server, so email waits here').waitFor();
    const table = admin.getByRole('table', { name: 'Messages, waiting first' });
    await table.waitFor();
    // Once a channel exists, the demo clinic's open alerts are paged too, so pick the test-page rows.
    expect(
      await table.getByRole('row', { name: /Test page email oncall@demo\.ketaflow\.test/ }).textContent(),
    ).toMatch(/Test page.*email.*Waiting.*1 attempt.*Last error: SMTP is not configured/);
    expect(await table.getByRole('row', { name: /Test page webhook .*\/page/ }).textContent()).toMatch(
      /Test page.*webhook.*Sent/,
    );
    await expectAccessible(admin, 'the outbox');
  });

  it('loads a text pack from pasted JSON, naming what does not fit', async () => {
    await openFromNav('Text packs', 'Text packs');
    const table = admin.getByRole('table', { name: 'Instruments' });
    expect(await table.getByRole('row', { name: /QIDS-SR16/ }).textContent()).toContain(
      'Disabled until a text pack is loaded',
    );
    await expectAccessible(admin, 'the text packs page');

    const form = admin.getByRole('region', { name: 'Load a text pack' });
    await form.getByLabel('Instrument').selectOption({ label: 'MADRS' });
    await form.getByLabel('Text pack (JSON)').fill('{ not json');
    await form.getByRole('button', { name: 'Load text pack' }).click();
    await form
      .getByRole('alert')
      .getByText(/^That is not valid JSON/)
      .waitFor();

    await form.getByRole('button', { name: 'Start from a blank template' }).click();
    const template = JSON.parse(await form.getByLabel('Text pack (JSON)').inputValue());
    expect(Object.keys(template.items)).toHaveLength(10);
    await form.getByRole('button', { name: 'Load text pack' }).click();
    await form
      .getByRole('alert')
      .getByText(/^Give the pack’s "version"/)
      .waitFor();
    await form.getByLabel('Text pack (JSON)').fill(
      JSON.stringify({
        ...template,
        version: 'E2E wording 1',
        licence: 'Test licence, not for clinical use',
      }),
    );
    await form.getByRole('button', { name: 'Load text pack' }).click();
    const problems = form.getByRole('alert');
    await problems.getByText('The text pack does not fit the instrument.').waitFor();
    await problems.getByText(/items\.q1: MADRS text pack: item 1 has no wording/).waitFor();
    await expectAccessible(admin, 'the text packs page with problems');

    const items = Object.fromEntries(
      Array.from({ length: 10 }, (_, i) => [`q${i + 1}`, { text: `Clinic wording for item ${i + 1}` }]),
    );
    await form
      .getByLabel('Text pack (JSON)')
      .fill(
        JSON.stringify({ version: 'E2E wording 1', licence: 'Test licence, not for clinical use', items }),
      );
    await form.getByRole('button', { name: 'Load text pack' }).click();
    await admin
      .getByRole('status')
      .getByText('MADRS text pack “E2E wording 1” loaded; the instrument is enabled.')
      .waitFor();
    // The status shows as soon as the save answers; the table follows after its refetch.
    await table.getByRole('row', { name: /MADRS/ }).getByText('Text pack “E2E wording 1” loaded').waitFor();
    expect(pageProblems(admin)).toEqual([]);
  });
});
