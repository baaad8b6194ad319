import type { Locator, Page } from 'playwright-core';
import { callApi, seedEligibleViaApi } from './plan.ts';
import { nowIn, zoneWithRoomToday } from './schedule.ts';

/**
 * Steps of the treatment-day chart (/app/sessions/:id), and the set-up it needs through the API: a
 * location open now, stock in a cabinet there, a patient with a signed IV plan and a booking for now.
 * (Bookings take the built-in protocol, so a clinic copy with a shorter monitoring time would not
 * reach the session: the discharge stays held for the protocol's 60 minutes.)
 */

export type TreatmentDay = {
  locationId: string;
  timeZone: string;
  chairName: string;
  cabinetName: string;
  lotNumber: string;
  patientId: string;
  patientName: string;
  bookingId: string;
  plannedDoseMg: number;
};

type Pages = { admin: Page; prescriber: Page };

const ALL_WEEK = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

/** Admin: a location whose day has room for a session now, a chair, and staff on duty all day (someone not rostered elsewhere). */
async function openLocation(admin: Page, baseUrl: string, staffEmail: string) {
  const timeZone = zoneWithRoomToday(150);
  const location = await callApi<{ id: string }>(admin, baseUrl, 'POST', '/locations', {
    name: 'Treatment suite',
    addressLine1: '5 Example Street',
    city: 'New York',
    state: 'NY',
    postalCode: '10001',
    timeZone,
  });
  await callApi(admin, baseUrl, 'POST', `/locations/${location.id}/chairs`, { name: 'Recliner A' });
  const users = await callApi<{ items: { id: string; email: string }[] }>(admin, baseUrl, 'GET', '/users');
  const staff = users.items.find((u) => u.email === staffEmail);
  if (!staff) throw new Error(`no user ${staffEmail}`);
  for (const weekday of ALL_WEEK) {
    await callApi(admin, baseUrl, 'POST', `/locations/${location.id}/staff-hours`, {
      userId: staff.id,
      weekday,
      start: '00:00',
      end: '23:59',
    });
  }
  return { locationId: location.id, timeZone };
}

/** Admin adds a cabinet at the location; the prescriber receives ketamine vials into it. */
async function stockCabinet(pages: Pages, baseUrl: string, locationId: string) {
  const cabinet = await callApi<{ id: string; name: string }>(
    pages.admin,
    baseUrl,
    'POST',
    '/inventory/cabinets',
    {
      locationId,
      name: 'Suite safe',
    },
  );
  const { products } = await callApi<{ products: { id: string; form: string }[] }>(
    pages.prescriber,
    baseUrl,
    'GET',
    '/inventory/products',
  );
  const vial = products.find((p) => p.form === 'vial');
  if (!vial) throw new Error('the demo clinic has no ketamine vial product');
  const lotNumber = 'KS-7781';
  const year = new Date().getUTCFullYear();
  await callApi(pages.prescriber, baseUrl, 'POST', '/inventory/receipts', {
    productId: vial.id,
    cabinetId: cabinet.id,
    lotNumber,
    expiresOn: `${year + 2}-06-30`,
    supplierName: 'Example Pharma Distribution',
    supplierAddress: '1 Supply Road, Newark, NJ 07101',
    supplierDea: 'RE1234563',
    invoiceNumber: 'INV-5501',
    invoiceDate: nowIn('America/New_York').date,
    containers: 2,
  });
  return { cabinetName: cabinet.name, lotNumber };
}

/** Everything a treatment day needs, through the API. */
export async function setUpTreatmentDay(
  pages: Pages,
  baseUrl: string,
  options: { staffEmail: string; password: string },
): Promise<TreatmentDay> {
  const { admin, prescriber } = pages;
  const { locationId, timeZone } = await openLocation(admin, baseUrl, options.staffEmail);
  const { cabinetName, lotNumber } = await stockCabinet(pages, baseUrl, locationId);

  const patient = await callApi<{ id: string }>(prescriber, baseUrl, 'POST', '/patients', {
    legalGivenName: 'Jordan',
    legalFamilyName: 'Chairside',
    dateOfBirth: '1982-04-12',
    sexAtBirth: 'male',
    status: 'active',
    driverName: 'Riley Chairside',
    driverPhone: '+1 212 555 0190',
  });
  await seedEligibleViaApi(prescriber, baseUrl, patient.id, {
    password: options.password,
    weightKg: '70',
    heightCm: '175',
    printedName: 'Jordan Chairside',
  });
  const plan = await callApi<{ sessions: { id: string; doseMg: number }[] }>(
    prescriber,
    baseUrl,
    'POST',
    `/patients/${patient.id}/plans`,
    {
      protocolId: 'iv-ketamine-standard',
      protocolVersion: 1,
      startDate: nowIn(timeZone).date,
      weightBasis: 'actual',
      concentrationMgPerMl: 10,
      bagMl: 100,
      password: options.password,
    },
  );
  const first = plan.sessions[0];
  if (!first) throw new Error('the plan has no sessions');
  const chairs = await callApi<{ items: { id: string; name: string }[] }>(
    prescriber,
    baseUrl,
    'GET',
    `/locations/${locationId}/chairs`,
  );
  const chair = chairs.items[0];
  if (!chair) throw new Error('no chair');
  const startsAt = new Date(Date.now() + 2 * 60_000);
  startsAt.setUTCSeconds(0, 0);
  const booking = await callApi<{ id: string; startsAt: string }>(prescriber, baseUrl, 'POST', '/bookings', {
    chairId: chair.id,
    patientId: patient.id,
    route: 'iv-ketamine',
    startsAt: startsAt.toISOString(),
    driverName: 'Riley Chairside',
    driverPhone: '+1 212 555 0190',
    plannedSessionId: first.id,
  });
  return {
    locationId,
    timeZone,
    chairName: chair.name,
    cabinetName,
    lotNumber,
    patientId: patient.id,
    patientName: 'Jordan Chairside',
    bookingId: booking.id,
    plannedDoseMg: first.doseMg,
  };
}

export function chartSection(page: Page, name: string): Locator {
  return page.getByRole('main').getByRole('region', { name, exact: true });
}

export type CheckValues = {
  systolic?: string;
  diastolic?: string;
  heartRate?: string;
  spo2?: string;
  respiratoryRate?: string;
  moaas?: string;
  dissociation?: string;
};

/** Fills a vitals form ("Pre-dose vitals" or "Monitoring check") and saves it with Enter. */
export async function recordCheck(page: Page, form: string, v: CheckValues): Promise<Locator> {
  const scope = page.getByRole('form', { name: form });
  if (v.moaas !== undefined)
    await scope.getByLabel('MOAA/S (sedation, 0–5)').selectOption({ value: v.moaas });
  if (v.dissociation !== undefined) {
    await scope.getByLabel('Dissociation (0–4)').selectOption({ value: v.dissociation });
  }
  const fields: [string, string | undefined][] = [
    ['Systolic (mmHg)', v.systolic],
    ['Diastolic (mmHg)', v.diastolic],
    ['Heart rate (/min)', v.heartRate],
    ['SpO2 (%)', v.spo2],
    ['Respiratory rate (/min)', v.respiratoryRate],
  ];
  for (const [label, value] of fields) {
    if (value !== undefined) await scope.getByLabel(label).fill(value);
  }
  await scope.getByLabel('Respiratory rate (/min)').press('Enter');
  return scope;
}
