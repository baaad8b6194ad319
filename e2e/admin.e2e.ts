import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enrolAuthenticator, expectAccessible, launchBrowser, newPage, pageProblems } from './browser.ts';
import { DEMO, DEMO_PASSWORD, startServer, type TestServer } from './server.ts';

let server: TestServer;
let browser: Browser;
let admin: Page;

beforeAll(async () => {
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
});

async function openFromNav(label: string, heading: string): Promise<void> {
  await admin.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: label }).click();
  await admin.getByRole('heading', { level: 1, name: heading }).waitFor();
}

describe('administration', () => {
  it('invites a user who sets a password and signs in; roles and status can be changed', async () => {
    await openFromNav('Users', 'Users');
    const table = admin.getByRole('table', { name: /Users/ });
    await table.getByRole('rowheader', { name: /Noah Nurse/ }).waitFor();
    expect(await table.getByRole('row').count()).toBe(7);
    await expectAccessible(admin, 'the users page');

    const invite = admin.getByRole('region', { name: 'Invite a user' });
    await invite.getByRole('button', { name: 'Create invitation' }).click();
    await invite.getByRole('alert').waitFor();
    // The server's per-field messages sit next to their inputs.
    expect(await invite.getByLabel('Email').getAttribute('aria-invalid')).toBe('true');
    expect(await invite.getByRole('group', { name: 'Roles' }).textContent()).toContain('at least one role');
    await expectAccessible(admin, 'the invite form with errors');

    await invite.getByLabel('Full name').fill('Nina Newhire');
    await invite.getByLabel('Email').fill('nina@demo.ketaflow.test');
    await invite.getByRole('checkbox', { name: 'Nurse' }).check();
    await invite.getByRole('button', { name: 'Create invitation' }).click();
    const link = admin.getByLabel('Invitation link');
    await link.waitFor();
    const inviteUrl = await link.inputValue();
    expect(inviteUrl).toMatch(/\/app\/invite\/[A-Za-z0-9_-]{20,}$/);
    await table.getByRole('rowheader', { name: /Nina Newhire/ }).waitFor();
    await admin.screenshot({ path: '/tmp/ketaflow-users.png', fullPage: true });
    await expectAccessible(admin, 'the users page with an invitation link');

    const invitee = await newPage(browser);
    await invitee.goto(inviteUrl);
    await invitee.getByRole('heading', { level: 1, name: 'Set your password' }).waitFor();
    await invitee.getByText(/Welcome, Nina Newhire/).waitFor();
    expect(await invitee.getByRole('main').textContent()).toMatch(/At least \d+ characters/);
    await expectAccessible(invitee, 'the invitation page');
    await invitee.getByLabel('New password', { exact: true }).fill('short');
    await invitee.getByRole('button', { name: 'Set password' }).click();
    await invitee.getByText(/Use at least \d+ characters\./).waitFor();
    await expectAccessible(invitee, 'the invitation page with an error');
    const password = 'nina keeps a quiet lighthouse';
    await invitee.getByLabel('New password', { exact: true }).fill(password);
    await invitee.getByLabel('Repeat the new password').fill(password);
    await invitee.getByRole('button', { name: 'Set password' }).click();
    await invitee.waitForURL('**/app/login');
    await invitee.getByText('Your password is set. Sign in to continue.').waitFor();
    expect(await invitee.getByLabel('Email').inputValue()).toBe('nina@demo.ketaflow.test');
    await invitee.getByLabel('Password').fill(password);
    await invitee.getByRole('button', { name: 'Sign in' }).click();
    await invitee.getByRole('heading', { level: 1, name: 'Welcome, Nina Newhire' }).waitFor();
    expect(pageProblems(invitee)).toEqual([]);

    // The link works once.
    await invitee.goto(inviteUrl);
    await invitee.getByRole('heading', { level: 1, name: 'Invitation not valid' }).waitFor();
    await expectAccessible(invitee, 'a used invitation link');
    await invitee.context().close();

    await admin.getByRole('button', { name: 'Change roles for Nina Newhire' }).click();
    const editor = admin.getByRole('group', { name: 'Roles for Nina Newhire' });
    await editor.getByRole('checkbox', { name: 'Patient' }).check();
    await admin.getByRole('button', { name: 'Save roles' }).click();
    await editor.getByText('A patient account cannot also hold staff roles.').waitFor();
    await expectAccessible(admin, 'the role editor with an error');
    await editor.getByRole('checkbox', { name: 'Patient' }).uncheck();
    await editor.getByRole('checkbox', { name: 'Therapist' }).check();
    await admin.getByRole('button', { name: 'Save roles' }).click();
    await admin.getByRole('status').getByText('Roles for Nina Newhire updated.').waitFor();
    const nina = table.getByRole('row', { name: /Nina Newhire/ });
    await nina.getByRole('cell', { name: 'Nurse, Therapist' }).waitFor();

    await admin.getByRole('button', { name: 'Deactivate Nina Newhire' }).click();
    await nina.getByText('Deactivated').waitFor();
    await admin.getByRole('button', { name: 'Reactivate Nina Newhire' }).click();
    await nina.getByText('Active', { exact: true }).waitFor();

    // Deactivating yourself is refused by the server, and its reason is shown.
    await admin.getByRole('button', { name: 'Deactivate Avery Admin' }).click();
    await admin
      .getByRole('alert')
      .getByText(/cannot deactivate your own account/)
      .waitFor();
    expect(pageProblems(admin)).toEqual([]);
  });

  it('adds and edits a location', async () => {
    await openFromNav('Locations', 'Locations');
    const table = admin.getByRole('table', { name: /Locations/ });
    await table.getByRole('rowheader', { name: 'Main clinic' }).waitFor();
    await expectAccessible(admin, 'the locations page');

    const form = admin.getByRole('region', { name: 'Add a location' });
    await form.getByRole('button', { name: 'Add location' }).click();
    await form.getByText('Enter a name.').waitFor();
    await expectAccessible(admin, 'the location form with errors');

    await form.getByLabel('Name', { exact: true }).fill('Brooklyn annex');
    await form.getByLabel('Address line 1').fill('200 Sample Avenue');
    await form.getByLabel('City').fill('Brooklyn');
    await form.getByLabel('State').fill('ny');
    await form.getByLabel('ZIP code').fill('11201');
    await form.getByLabel('Phone').fill('+1 718 555 0199');
    await form.getByLabel('Time zone').selectOption('America/Chicago');
    await form.getByRole('button', { name: 'Add location' }).click();
    await admin.getByRole('status').getByText('Brooklyn annex added.').waitFor();
    const row = table.getByRole('row', { name: /Brooklyn annex/ });
    await row.getByText('America/Chicago').waitFor();
    expect(await row.textContent()).toContain('Brooklyn, NY 11201');

    await admin.getByRole('button', { name: 'Edit Brooklyn annex' }).click();
    const edit = admin.getByRole('region', { name: 'Edit Brooklyn annex' });
    expect(await edit.getByLabel('City').inputValue()).toBe('Brooklyn');
    await edit.getByLabel('Name', { exact: true }).fill('Brooklyn Heights');
    await edit.getByLabel('Time zone').selectOption('America/New_York');
    await edit.getByRole('button', { name: 'Save changes' }).click();
    await admin.getByRole('status').getByText('Brooklyn Heights saved.').waitFor();
    await table
      .getByRole('row', { name: /Brooklyn Heights/ })
      .getByText('America/New York')
      .waitFor();
    expect(await table.getByRole('row', { name: /Brooklyn annex/ }).count()).toBe(0);
    await expectAccessible(admin, 'the locations page after editing');
  });

  it('searches the audit trail, pages through it and exports it as CSV', async () => {
    // Listing users records one read per account: enough entries for a second page.
    for (let i = 0; i < 8; i += 1) {
      expect((await admin.request.get(`${server.baseUrl}/api/v1/users`)).status()).toBe(200);
    }
    await openFromNav('Audit trail', 'Audit trail');
    await admin
      .getByRole('status')
      .getByText(/Showing 1–50 of \d+ entries\./)
      .waitFor();
    const pages = admin.getByRole('navigation', { name: 'Audit pages' });
    await pages.getByRole('button', { name: 'Next 50' }).click();
    await admin
      .getByRole('status')
      .getByText(/Showing 51–\d+ of \d+ entries\./)
      .waitFor();
    await pages.getByText(/Page 2 of \d+/).waitFor();
    await pages.getByRole('button', { name: 'Previous 50' }).click();
    await admin
      .getByRole('status')
      .getByText(/Showing 1–\d+ of \d+ entries\./)
      .waitFor();
    await expectAccessible(admin, 'the audit trail');

    await admin.getByLabel('Action').selectOption('sign-in');
    await admin.getByLabel('User').selectOption({ label: `Avery Admin (${DEMO.admin.email})` });
    await admin.getByRole('button', { name: 'Apply filters' }).click();
    await admin
      .getByRole('status')
      .getByText(/Showing 1–\d+ of \d+ entries\./)
      .waitFor();
    const table = admin.getByRole('table', { name: 'Audit entries' });
    const actions = await table.locator('tbody tr td:nth-child(4)').allTextContents();
    expect(actions.length).toBeGreaterThan(0);
    expect(new Set(actions)).toEqual(new Set(['sign-in']));

    const href = await admin.getByRole('link', { name: 'Export CSV' }).getAttribute('href');
    expect(href).toMatch(/^\/api\/v1\/audit\/export\.csv\?/);
    expect(href).toContain('action=sign-in');
    const csv = await admin.request.get(`${server.baseUrl}${href}`);
    expect(csv.status()).toBe(200);
    expect(csv.headers()['content-type']).toContain('text/csv');
    expect((await csv.text()).split('\n').length).toBeGreaterThan(1);

    await admin.getByLabel('Patient ID').fill('not-a-uuid');
    await admin.getByRole('button', { name: 'Apply filters' }).click();
    await admin.getByRole('alert').waitFor();
    expect(await admin.getByLabel('Patient ID').getAttribute('aria-invalid')).toBe('true');
    await expectAccessible(admin, 'the audit trail with a filter error');

    await admin.getByRole('button', { name: 'Clear filters' }).click();
    await admin
      .getByRole('status')
      .getByText(/Showing 1–\d+ of \d+ entries\./)
      .waitFor();
    await admin.screenshot({ path: '/tmp/ketaflow-audit.png', fullPage: true });
    expect(pageProblems(admin)).toEqual([]);
  });

  it('turns the waste witness off and back on in the clinic settings', async () => {
    await openFromNav('Clinic settings', 'Clinic settings');
    const witnesses = admin.getByRole('region', { name: 'Controlled-substance witnesses' });
    const waste = witnesses.getByRole('checkbox', { name: 'A witness signs in for every waste' });
    const adjustment = witnesses.getByRole('checkbox', {
      name: 'A witness signs in for every count adjustment',
    });
    expect(await waste.isChecked()).toBe(true);
    expect(await adjustment.isChecked()).toBe(true);
    expect(await witnesses.getByRole('group', { name: 'Waste' }).textContent()).toContain(
      'Clinic policy. Waste of a partial dose is not DEA Form 41 disposal',
    );
    await expectAccessible(admin, 'the clinic settings with the witness policies');

    await waste.uncheck();
    await admin.getByRole('button', { name: 'Save settings' }).click();
    await admin.getByRole('status').getByText('Settings saved.').waitFor();
    await admin.reload();
    await admin.getByRole('heading', { level: 1, name: 'Clinic settings' }).waitFor();
    await waste.waitFor();
    expect(await waste.isChecked()).toBe(false);
    expect(await adjustment.isChecked()).toBe(true);
    const saved = await admin.request.get(`${server.baseUrl}/api/v1/settings/clinic`);
    expect(await saved.json()).toMatchObject({
      wasteWitnessRequired: false,
      adjustmentWitnessRequired: true,
    });

    await waste.check();
    await admin.getByRole('button', { name: 'Save settings' }).click();
    await admin.getByRole('status').getByText('Settings saved.').waitFor();
    await admin.reload();
    await admin.getByRole('heading', { level: 1, name: 'Clinic settings' }).waitFor();
    await waste.waitFor();
    expect(await waste.isChecked()).toBe(true);
    expect(pageProblems(admin)).toEqual([]);
  });
});
