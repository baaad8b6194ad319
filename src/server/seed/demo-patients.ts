import type { Ctx } from '../context.ts';
import { submitResponse } from '../features/measures/service.ts';
import { registerPatient } from '../features/patients/service.ts';
import type { PatientFields } from '../features/patients/store.ts';

const DAY = 86_400_000;

const blank = {
  preferredName: null,
  genderIdentity: null,
  pronouns: null,
  email: null,
  addressLine1: null,
  addressLine2: null,
  city: null,
  state: null,
  postalCode: null,
  emergencyContactName: null,
  emergencyContactPhone: null,
  emergencyContactRelationship: null,
  referringClinician: null,
  primaryClinicianId: null,
  driverName: null,
  driverPhone: null,
} satisfies Partial<PatientFields>;

const phq9 = (total: number, item9 = 0) => {
  // Spread a total over items 1–8 (0–3 each), item 9 as given.
  const answers: Record<string, number> = { q9: item9 };
  let left = total - item9;
  for (let i = 1; i <= 8; i++) {
    const v = Math.min(3, Math.max(0, Math.ceil(left / (9 - i))));
    answers[`q${i}`] = v;
    left -= v;
  }
  return answers;
};

/**
 * Three demo patients with a course of treatment and PHQ-9 scores, so the trajectories, outcome
 * statuses and the alert worklist have something to show. Dates are relative to the seed time.
 */
export async function seedDemoPatients(ctx: Ctx): Promise<void> {
  const patients: { fields: PatientFields; scores: [number, number, number][]; treatmentDays: number[] }[] = [
    {
      fields: {
        ...blank,
        legalGivenName: 'Jordan',
        legalFamilyName: 'Rivera',
        preferredName: 'Jo',
        dateOfBirth: '1984-03-09',
        sexAtBirth: 'female',
        pronouns: 'she/her',
        phone: '+1 212 555 0142',
        driverName: 'Sam Rivera',
        driverPhone: '+1 212 555 0143',
        status: 'active',
      },
      // [days ago, total, item 9]
      scores: [
        [30, 21, 1],
        [26, 17, 0],
        [22, 12, 0],
        [18, 9, 0],
        [12, 7, 0],
        [5, 4, 0],
      ],
      treatmentDays: [28, 26, 24, 21, 19, 17],
    },
    {
      fields: {
        ...blank,
        legalGivenName: 'Alex',
        legalFamilyName: 'Chen',
        dateOfBirth: '1990-12-01',
        sexAtBirth: 'male',
        phone: '+1 646 555 0199',
        status: 'active',
      },
      scores: [
        [20, 18, 0],
        [15, 16, 0],
        [9, 15, 0],
        [2, 16, 1],
      ],
      treatmentDays: [18, 15, 12, 9],
    },
    {
      fields: {
        ...blank,
        legalGivenName: 'Morgan',
        legalFamilyName: 'Ellis',
        dateOfBirth: '1972-06-21',
        sexAtBirth: 'female',
        phone: '+1 917 555 0111',
        status: 'intake',
      },
      scores: [[3, 19, 0]],
      treatmentDays: [],
    },
  ];
  for (const p of patients) {
    const patient = await registerPatient(ctx, p.fields);
    for (const day of p.treatmentDays) {
      await ctx.db
        .insertInto('treatment_events')
        .values({
          org_id: ctx.orgId,
          patient_id: patient.id,
          occurred_on: new Date(ctx.now.getTime() - day * DAY).toISOString().slice(0, 10),
          description: 'IV ketamine 0.5 mg/kg over 40 min',
          recorded_by: null,
          recorded_at: ctx.now,
        })
        .execute();
    }
    for (const [daysAgo, total, item9] of p.scores) {
      await submitResponse(
        { ...ctx, now: new Date(ctx.now.getTime() - daysAgo * DAY) },
        {
          patientId: patient.id,
          instrument: 'phq9',
          answers: phq9(total, item9),
          source: 'patient-link',
          idempotencyKey: `demo-${patient.id}-${daysAgo}`,
        },
        'http://localhost:3000',
      );
    }
  }
}
