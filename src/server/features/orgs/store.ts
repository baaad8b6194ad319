import type { Executor } from '../../context.ts';

export async function findPrimaryOrgId(db: Executor): Promise<string | null> {
  const row = await db
    .selectFrom('organisations')
    .select('id')
    .where('is_primary', '=', true)
    .executeTakeFirst();
  return row?.id ?? null;
}

export async function createOrganisation(
  db: Executor,
  input: { name: string; isPrimary: boolean },
): Promise<string> {
  const row = await db
    .insertInto('organisations')
    .values({ name: input.name, is_primary: input.isPrimary })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}
