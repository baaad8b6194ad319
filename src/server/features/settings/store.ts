import type { Executor } from '../../context.ts';

export type OrgSettings = {
  clinicPhone: string | null;
  onCallName: string | null;
  onCallEmail: string | null;
  onCallWebhookUrl: string | null;
  pageUnacknowledgedAfterMinutes: number;
  testPageSucceededAt: string | null;
  measureLinkHours: number;
  madrsRemissionMax: 10 | 12;
  madrsSuicideItemAtLeast: number;
  /** Controlled-substance ledger: witness for waste and for count adjustments (clinic policy, on by default). */
  wasteWitnessRequired: boolean;
  adjustmentWitnessRequired: boolean;
};

/** Every organisation has one settings row; the defaults are in the migration. */
export async function readSettings(db: Executor, orgId: string): Promise<OrgSettings> {
  const select = () =>
    db.selectFrom('org_settings').selectAll().where('org_id', '=', orgId).executeTakeFirst();
  let row = await select();
  if (!row) {
    await db
      .insertInto('org_settings')
      .values({ org_id: orgId, updated_at: new Date(0) })
      .onConflict((oc) => oc.column('org_id').doNothing())
      .execute();
    row = await select();
  }
  if (!row) throw new Error('organisation settings could not be created');
  return {
    clinicPhone: row.clinic_phone,
    onCallName: row.on_call_name,
    onCallEmail: row.on_call_email,
    onCallWebhookUrl: row.on_call_webhook_url,
    pageUnacknowledgedAfterMinutes: row.page_unacknowledged_after_minutes,
    testPageSucceededAt: row.test_page_succeeded_at?.toISOString() ?? null,
    measureLinkHours: row.measure_link_hours,
    madrsRemissionMax: row.madrs_remission_max === 12 ? 12 : 10,
    madrsSuicideItemAtLeast: row.madrs_suicide_item_at_least,
    wasteWitnessRequired: row.waste_witness_required,
    adjustmentWitnessRequired: row.adjustment_witness_required,
  };
}

type WitnessPolicyKey = 'wasteWitnessRequired' | 'adjustmentWitnessRequired';
export type SettingsUpdate = Omit<OrgSettings, 'testPageSucceededAt' | WitnessPolicyKey> &
  Partial<Pick<OrgSettings, WitnessPolicyKey>>;

export async function writeSettings(
  db: Executor,
  orgId: string,
  update: SettingsUpdate,
  now: Date,
): Promise<void> {
  await readSettings(db, orgId);
  await db
    .updateTable('org_settings')
    .set({
      clinic_phone: update.clinicPhone,
      on_call_name: update.onCallName,
      on_call_email: update.onCallEmail,
      on_call_webhook_url: update.onCallWebhookUrl,
      page_unacknowledged_after_minutes: update.pageUnacknowledgedAfterMinutes,
      measure_link_hours: update.measureLinkHours,
      madrs_remission_max: update.madrsRemissionMax,
      madrs_suicide_item_at_least: update.madrsSuicideItemAtLeast,
      ...(update.wasteWitnessRequired === undefined
        ? {}
        : { waste_witness_required: update.wasteWitnessRequired }),
      ...(update.adjustmentWitnessRequired === undefined
        ? {}
        : { adjustment_witness_required: update.adjustmentWitnessRequired }),
      updated_at: now,
    })
    .where('org_id', '=', orgId)
    .execute();
}

export async function markTestPageSucceeded(db: Executor, orgId: string, now: Date): Promise<void> {
  await db
    .updateTable('org_settings')
    .set({ test_page_succeeded_at: now })
    .where('org_id', '=', orgId)
    .execute();
}

export async function clearTestPage(db: Executor, orgId: string): Promise<void> {
  await db
    .updateTable('org_settings')
    .set({ test_page_succeeded_at: null })
    .where('org_id', '=', orgId)
    .execute();
}
