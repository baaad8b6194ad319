import type { Executor } from '../../context.ts';

/**
 * A registered location as the controlled-substance reports name it: DEA records are kept per
 * registered location (21 CFR 1304.04, `dea-1304-04`), so every report says whose records they are.
 */
export type Registrant = {
  locationId: string;
  name: string;
  /** The registered address on one line. */
  address: string;
  /** Null until an admin enters it on the Locations screen. */
  deaRegistration: string | null;
};

/** The clinic's locations that keep controlled substances (have a cabinet), or the one asked for. */
export async function listRegistrants(
  db: Executor,
  orgId: string,
  locationId?: string | undefined,
): Promise<Registrant[]> {
  let query = db
    .selectFrom('locations as l')
    .select([
      'l.id',
      'l.name',
      'l.address_line1',
      'l.address_line2',
      'l.city',
      'l.state',
      'l.postal_code',
      'l.dea_registration',
    ])
    .where('l.org_id', '=', orgId)
    .orderBy('l.name');
  query = locationId
    ? query.where('l.id', '=', locationId)
    : query.where((eb) =>
        eb.exists(eb.selectFrom('cs_cabinets as c').select('c.id').whereRef('c.location_id', '=', 'l.id')),
      );
  const rows = await query.execute();
  return rows.map((r) => ({
    locationId: r.id,
    name: r.name,
    address: [r.address_line1, r.address_line2, r.city, `${r.state} ${r.postal_code}`]
      .filter((part) => part)
      .join(', '),
    deaRegistration: r.dea_registration,
  }));
}

/** "Registrant: Midtown, 1 Example Avenue, New York, NY 10001, DEA registration FD1234563". */
export function registrantLine(r: Registrant): string {
  const dea = r.deaRegistration
    ? `DEA registration ${r.deaRegistration}`
    : 'DEA registration not on record (add it on the Locations screen)';
  return `Registrant: ${r.name}, ${r.address}, ${dea}`;
}
