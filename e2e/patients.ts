import type { Locator, Page } from 'playwright-core';

/** Acknowledges every open alert through the API, as the signed-in clinician. */
export async function acknowledgeOpenAlerts(page: Page, baseUrl: string): Promise<number> {
  const csrf = (await page.context().cookies()).find((c) => c.name === 'kf_csrf')?.value ?? '';
  const open = (await (await page.request.get(`${baseUrl}/api/v1/alerts?status=open`)).json()) as {
    items: { id: string }[];
  };
  for (const alert of open.items) {
    const res = await page.request.post(`${baseUrl}/api/v1/alerts/${alert.id}/acknowledge`, {
      headers: { 'x-csrf-token': csrf },
      data: { action: 'other', note: 'Demo data, acknowledged by the browser tests.' },
    });
    if (res.status() !== 200) throw new Error(`acknowledging ${alert.id}: HTTP ${res.status()}`);
  }
  return open.items.length;
}

/** The risk banner in the page header: empty (and hidden) while no alert is open. */
export function riskBanner(page: Page): Locator {
  return page.getByRole('banner').locator('.risk-banner');
}

export type NewPatient = {
  given: string;
  family: string;
  preferred?: string;
  dateOfBirth: string;
  sex: 'Female' | 'Male' | 'Intersex' | 'Unknown';
  pronouns?: string;
  phone?: string;
};

/** Fills the register form's required fields (and a few optional ones) and submits it. */
export async function fillRegistration(page: Page, p: NewPatient): Promise<void> {
  const form = page.getByRole('main');
  await form.getByLabel('Legal given name').fill(p.given);
  await form.getByLabel('Legal family name').fill(p.family);
  if (p.preferred) await form.getByLabel('Preferred name').fill(p.preferred);
  await form.getByLabel('Date of birth').fill(p.dateOfBirth);
  await form.getByLabel('Sex assigned at birth').selectOption({ label: p.sex });
  if (p.pronouns) await form.getByLabel('Pronouns').fill(p.pronouns);
  if (p.phone) {
    await form.getByRole('group', { name: 'Contact', exact: true }).getByLabel('Phone').fill(p.phone);
  }
}

/** Answers a questionnaire on the staff form: `answers[i]` is the score for item i + 1. */
export async function answerItems(scope: Locator, answers: (number | null)[]): Promise<void> {
  for (const [index, value] of answers.entries()) {
    if (value === null) continue;
    const item = scope.getByRole('group', { name: new RegExp(`^${index + 1}\\. `) });
    await item.getByRole('radio', { name: new RegExp(`\\(${value}\\)$|^${value}$`) }).check();
  }
}

/** The patient id from a patient page's address. */
export function patientIdFrom(url: string): string {
  const match = /\/app\/patients\/([0-9a-f-]{36})/.exec(url);
  if (!match?.[1]) throw new Error(`not a patient page: ${url}`);
  return match[1];
}
