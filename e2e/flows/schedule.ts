import type { Locator, Page } from 'playwright-core';

/** Today's date (YYYY-MM-DD) and minutes since midnight in a time zone. */
export function nowIn(timeZone: string, at = new Date()): { date: string; minutes: number } {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  }).formatToParts(at);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return {
    date: `${get('year')}-${get('month')}-${get('day')}`,
    minutes: Number(get('hour')) * 60 + Number(get('minute')),
  };
}

export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** The first Monday-to-Friday date at least `minDays` after today in New York (the demo clinic's zone). */
export function weekdayAhead(minDays: number, timeZone = 'America/New_York'): string {
  let date = addDays(nowIn(timeZone).date, minDays);
  while ([0, 6].includes(new Date(`${date}T00:00:00Z`).getUTCDay())) date = addDays(date, 1);
  return date;
}

/**
 * A time zone where a session starting in a few minutes still ends the same local day, so a test can
 * book a slot that starts almost at once and then record what happened to it.
 */
export function zoneWithRoomToday(slotMinutes: number): string {
  const candidates = [
    'America/New_York',
    'Europe/London',
    'Asia/Tokyo',
    'Pacific/Honolulu',
    'Asia/Kolkata',
    'America/Los_Angeles',
  ];
  const fits = candidates.find((zone) => {
    const { minutes } = nowIn(zone);
    return minutes > 30 && minutes + slotMinutes + 15 < 24 * 60;
  });
  if (!fits) throw new Error('no candidate time zone has room for a slot today');
  return fits;
}

/** `HH:MM` a few whole minutes from now in the zone. */
export function minutesFromNow(timeZone: string, ahead: number): string {
  const { minutes } = nowIn(timeZone, new Date(Date.now() + ahead * 60_000));
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

export type BookingChoice = {
  patientSearch?: string;
  patientChoice?: RegExp;
  location?: string;
  chair?: string;
  date?: string;
  time: string;
  route?: 'IV ketamine' | 'Esketamine nasal spray';
  driver?: { name: string; phone: string };
  confirmRide?: boolean;
};

/** The booking dialog (already open): fills it in and presses "Book session". */
export async function fillBookingDialog(page: Page, choice: BookingChoice): Promise<Locator> {
  const dialog = page.getByRole('dialog');
  await dialog.waitFor();
  if (choice.patientSearch && choice.patientChoice) {
    await dialog.getByLabel('Find the patient (name or MRN)').fill(choice.patientSearch);
    await dialog.getByRole('button', { name: 'Find', exact: true }).click();
    await dialog.getByRole('button', { name: choice.patientChoice }).click();
    await dialog.getByText(/^Patient:/).waitFor();
  }
  if (choice.location) await dialog.getByLabel('Location').selectOption({ label: choice.location });
  if (choice.route) await dialog.getByLabel('Session type').selectOption({ label: choice.route });
  if (choice.chair) {
    const chairs = dialog.getByLabel('Chair or room');
    const option = chairs.locator('option', { hasText: `${choice.chair} (` }).first();
    await option.waitFor({ state: 'attached' });
    await chairs.selectOption((await option.getAttribute('value')) ?? '');
  }
  if (choice.date) await dialog.getByLabel('Date').fill(choice.date);
  await dialog.getByLabel('Start time').fill(choice.time);
  if (choice.driver) {
    await dialog.getByLabel('Driver’s name').fill(choice.driver.name);
    await dialog.getByLabel('Driver’s phone').fill(choice.driver.phone);
  }
  if (choice.confirmRide !== false) {
    await dialog.getByRole('checkbox', { name: 'Ride home confirmed with the patient' }).check();
  }
  await dialog.getByRole('button', { name: 'Book session' }).click();
  return dialog;
}
