import type { Ctx } from '../../context.ts';
import { audit } from '../../http/audit.ts';
import { AppError } from '../../http/problem.ts';

export type LocationInput = {
  name: string;
  addressLine1: string;
  addressLine2?: string | null | undefined;
  city: string;
  state: string;
  postalCode: string;
  phone?: string | null | undefined;
  timeZone: string;
  /** Left undefined by an edit that does not touch it. */
  deaRegistration?: string | null | undefined;
};

export type LocationView = LocationInput & {
  id: string;
  addressLine2: string | null;
  phone: string | null;
  deaRegistration: string | null;
};

const columns = [
  'id',
  'name',
  'address_line1',
  'address_line2',
  'city',
  'state',
  'postal_code',
  'phone',
  'time_zone',
  'dea_registration',
] as const;

type Row = {
  id: string;
  name: string;
  address_line1: string;
  address_line2: string | null;
  city: string;
  state: string;
  postal_code: string;
  phone: string | null;
  time_zone: string;
  dea_registration: string | null;
};

function toView(row: Row): LocationView {
  return {
    id: row.id,
    name: row.name,
    addressLine1: row.address_line1,
    addressLine2: row.address_line2,
    city: row.city,
    state: row.state,
    postalCode: row.postal_code,
    phone: row.phone,
    timeZone: row.time_zone,
    deaRegistration: row.dea_registration,
  };
}

function toRow(input: LocationInput) {
  return {
    name: input.name,
    address_line1: input.addressLine1,
    address_line2: input.addressLine2 ?? null,
    city: input.city,
    state: input.state,
    postal_code: input.postalCode,
    phone: input.phone ?? null,
    time_zone: input.timeZone,
    ...(input.deaRegistration === undefined ? {} : { dea_registration: input.deaRegistration }),
  };
}

export async function listLocations(ctx: Ctx): Promise<LocationView[]> {
  const rows = await ctx.db
    .selectFrom('locations')
    .select(columns)
    .where('org_id', '=', ctx.orgId)
    .orderBy('name')
    .execute();
  return rows.map(toView);
}

export async function createLocation(ctx: Ctx, input: LocationInput): Promise<LocationView> {
  return ctx.db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('locations')
      .values({ ...toRow(input), org_id: ctx.orgId, created_at: ctx.now, updated_at: ctx.now })
      .returning(columns)
      .executeTakeFirstOrThrow();
    await audit(trx, ctx, { action: 'create', entityType: 'location', entityId: row.id });
    return toView(row);
  });
}

export async function updateLocation(ctx: Ctx, id: string, input: LocationInput): Promise<LocationView> {
  return ctx.db.transaction().execute(async (trx) => {
    const row = await trx
      .updateTable('locations')
      .set({ ...toRow(input), updated_at: ctx.now })
      .where('id', '=', id)
      .where('org_id', '=', ctx.orgId)
      .returning(columns)
      .executeTakeFirst();
    if (!row) throw new AppError('not-found', 'No such location in this clinic.');
    await audit(trx, ctx, { action: 'update', entityType: 'location', entityId: id });
    return toView(row);
  });
}
