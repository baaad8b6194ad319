import { parseCsv } from './csv.ts';
import { isUsState, zipCentroid } from './geo.ts';
import { serviceId } from './services.ts';
import type { DirectoryClinic } from './store.ts';

export const MAX_IMPORT_ROWS = 20_000;
export const REQUIRED_COLUMNS = ['name', 'address', 'city', 'state', 'zip'] as const;
export const OPTIONAL_COLUMNS = ['phone', 'website', 'services', 'accreditations'] as const;

export type RowError = { line: number; field: string; message: string };
export type ParsedDirectory = { clinics: (DirectoryClinic & { line: number })[]; errors: RowError[] };

const LIMITS = { name: 200, address: 300, city: 100, phone: 40, website: 300, accreditation: 100 };

function list(value: string): string[] {
  return value
    .split(/[;|]/)
    .map((v) => v.trim())
    .filter(Boolean);
}

function websiteProblem(value: string): string | undefined {
  if (value.length > LIMITS.website) return `Keep the website to ${LIMITS.website} characters.`;
  try {
    const url = new URL(value);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'Use a web address starting https://.';
  } catch {
    return 'Use a full web address, like https://example.org.';
  }
  return undefined;
}

/** Reads the admin's CSV, checking every row and naming each problem with its line and column. */
export function parseDirectoryCsv(text: string): ParsedDirectory {
  const rows = parseCsv(text);
  const header = rows[0];
  if (!header) return { clinics: [], errors: [{ line: 1, field: 'header', message: 'The file is empty.' }] };
  const columns = header.fields.map((f) => f.trim().toLowerCase());
  const missing = REQUIRED_COLUMNS.filter((c) => !columns.includes(c));
  if (missing.length) {
    return {
      clinics: [],
      errors: [
        {
          line: header.line,
          field: 'header',
          message: `The first line must name the columns; missing: ${missing.join(', ')}.`,
        },
      ],
    };
  }
  const unknown = columns.filter(
    (c) =>
      !(REQUIRED_COLUMNS as readonly string[]).includes(c) &&
      !(OPTIONAL_COLUMNS as readonly string[]).includes(c),
  );
  const errors: RowError[] = unknown.length
    ? [{ line: header.line, field: 'header', message: `Unknown columns: ${unknown.join(', ')}.` }]
    : [];
  if (rows.length - 1 > MAX_IMPORT_ROWS) {
    errors.push({
      line: header.line,
      field: 'header',
      message: `Import at most ${MAX_IMPORT_ROWS} clinics at a time.`,
    });
    return { clinics: [], errors };
  }
  const clinics: ParsedDirectory['clinics'] = [];
  for (const row of rows.slice(1)) {
    const get = (name: string) => (row.fields[columns.indexOf(name)] ?? '').trim();
    const problems: RowError[] = [];
    const fail = (field: string, message: string) => problems.push({ line: row.line, field, message });
    if (row.fields.length !== columns.length) {
      fail('row', `Expected ${columns.length} fields, found ${row.fields.length}.`);
    }
    const name = get('name');
    const address = get('address');
    const city = get('city');
    const state = get('state').toUpperCase();
    const zip = get('zip').replace(/-\d{4}$/, '');
    const phone = get('phone');
    const website = get('website');
    if (!name) fail('name', 'Enter the clinic name.');
    else if (name.length > LIMITS.name) fail('name', `Keep the name to ${LIMITS.name} characters.`);
    if (!address) fail('address', 'Enter the street address.');
    else if (address.length > LIMITS.address)
      fail('address', `Keep the address to ${LIMITS.address} characters.`);
    if (!city) fail('city', 'Enter the city.');
    else if (city.length > LIMITS.city) fail('city', `Keep the city to ${LIMITS.city} characters.`);
    if (!isUsState(state)) fail('state', 'Use a two-letter US state code, like NY.');
    const centre = zipCentroid(zip);
    if (!/^\d{5}$/.test(zip)) fail('zip', 'Use a five-digit US ZIP code.');
    else if (!centre) fail('zip', `ZIP code ${zip} is not a known US ZIP code.`);
    if (phone) {
      const digits = phone.replace(/\D/g, '').length;
      if (phone.length > LIMITS.phone || !/^[+()\d\s.-]+$/.test(phone) || digits < 10 || digits > 15)
        fail('phone', 'Use a phone number with its area code, like 212 555 0100.');
    }
    const websiteError = website ? websiteProblem(website) : undefined;
    if (websiteError) fail('website', websiteError);
    const services: string[] = [];
    for (const s of list(get('services'))) {
      const id = serviceId(s);
      if (id) {
        if (!services.includes(id)) services.push(id);
      } else
        fail(
          'services',
          `Unknown service "${s.slice(0, 60)}": use IV ketamine, IM ketamine, Esketamine (REMS-certified), Psychotherapy, Medication management, TMS or ECT.`,
        );
    }
    const accreditations = list(get('accreditations'));
    if (accreditations.length > 10) fail('accreditations', 'List at most 10 accreditations.');
    if (accreditations.some((a) => a.length > LIMITS.accreditation))
      fail('accreditations', `Keep each accreditation to ${LIMITS.accreditation} characters.`);
    if (problems.length || !centre) {
      errors.push(...problems);
      continue;
    }
    clinics.push({
      line: row.line,
      name,
      address,
      city,
      state,
      zip,
      phone: phone || null,
      website: website || null,
      services,
      accreditations,
      latitude: centre.latitude,
      longitude: centre.longitude,
    });
  }
  if (rows.length === 1)
    errors.push({ line: header.line, field: 'header', message: 'The file has no clinics below the header.' });
  return { clinics, errors };
}
