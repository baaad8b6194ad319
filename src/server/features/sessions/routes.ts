import { z } from 'zod';
import { Email, IdParams, optionalText, problems, requiredText, Uuid } from '../../http/schemas.ts';
import type { App } from '../../http/types.ts';
import { SignaturePassword } from '../intake/service.ts';
import { Witnesses } from '../inventory/routes.ts';
import { readBoard } from './board.ts';
import { BoardHub } from './board-events.ts';
import { streamBoardEvents } from './board-stream.ts';
import {
  acknowledgeAlert,
  addAddendum,
  checkIn,
  cosignSession,
  decideGate,
  dischargePatient,
  readSession,
  recordAdministration,
  recordAdministrationChange,
  recordEntry,
  recordSessionWaste,
  saveDischargeChecklist,
  signSession,
} from './service.ts';

export const Instant = z.iso.datetime({
  offset: true,
  error: 'Use a date and time with its UTC offset, like 2026-03-09T09:00:00-04:00.',
});
const Reason = requiredText(2000, 'Give the reason.');

const CheckInBody = z.strictObject({
  identityConfirmed: z.literal(true, 'Confirm the patient’s identity.'),
  fasting: z.strictObject({ lastFoodAt: Instant, lastLiquidsAt: Instant }).nullish(),
  rideHome: z.strictObject({
    confirmed: z.literal(true, 'Confirm the ride home.'),
    driverName: requiredText(200, 'Enter the driver’s name.'),
  }),
  pregnancyTest: z.enum(['negative', 'positive', 'not-applicable']).nullish(),
  medicationsToday: requiredText(2000, 'List today’s medications, or write “none”.'),
  mood: z.discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('rating'), value: z.number().int().min(0).max(10) }),
    z.strictObject({ kind: z.literal('phq9'), responseId: Uuid }),
  ]),
});

const VitalsBody = z.strictObject({
  systolicMmHg: z.number().optional(),
  diastolicMmHg: z.number().optional(),
  heartRateBpm: z.number().optional(),
  spo2Percent: z.number().optional(),
  respiratoryRatePerMin: z.number().optional(),
});

const Intervention = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('medication'),
    medication: requiredText(200, 'Name the medication.'),
    dose: requiredText(100, 'Give the dose.'),
  }),
  z.strictObject({ kind: z.literal('infusion-stopped') }),
  z.strictObject({ kind: z.literal('oxygen'), litresPerMin: z.number().min(0).max(15).nullable() }),
  z.strictObject({ kind: z.literal('other'), text: requiredText(500, 'Describe the intervention.') }),
]);

const EntryBody = z.discriminatedUnion('kind', [
  z.strictObject({
    id: Uuid,
    clientAt: Instant,
    kind: z.literal('check'),
    vitals: VitalsBody.optional(),
    moaas: z.number().int().min(0).max(5).optional(),
    dissociation: z.number().int().min(0).max(4).optional(),
    note: optionalText(2000),
  }),
  z.strictObject({
    id: Uuid,
    clientAt: Instant,
    kind: z.literal('adverse-event'),
    event: z.enum([
      'nausea',
      'vomiting',
      'hypertension',
      'tachycardia',
      'low-spo2',
      'emergence-reaction',
      'anxiety',
      'headache',
      'other',
    ]),
    description: optionalText(2000),
    severity: z.enum(['mild', 'moderate', 'severe']),
    interventions: z.array(Intervention).max(20),
  }),
]);

const AlertSchema = z.object({
  id: z.uuid(),
  entryId: z.uuid(),
  thresholdId: z.string(),
  text: z.string(),
  value: z.number(),
  raisedAt: z.string(),
  acknowledged: z
    .object({ at: z.string(), byUserId: z.uuid(), byName: z.string(), note: z.string().nullable() })
    .nullable(),
});

const EntryResultSchema = z.object({
  entry: z.object({
    id: z.uuid(),
    kind: z.string(),
    preDose: z.boolean(),
    clientAt: z.string(),
    receivedAt: z.string(),
    late: z.boolean(),
    data: z.record(z.string(), z.unknown()),
  }),
  alerts: z.array(AlertSchema),
});

// The chart is large and read-only to clients; its shape is documented in docs/session-charting.md.
const SessionSchema = z.looseObject({ id: z.uuid(), phase: z.string() });

// Blank or punctuation only is no reason (as a plan's dose decision has it).
const WrittenReason = z.string().trim().max(2000).regex(/\p{L}/u, 'Write the reason, in words.');

/** A prescriber at the chair signs in (as a witness does) to order a dose no plan backs. */
const DoseOrder = z.strictObject({
  email: Email,
  password: z.string().min(1, 'Enter the prescriber’s password.').max(200),
  totp: z.string().trim().max(20).optional(),
  reason: WrittenReason,
  weightKg: z.number().positive().max(400).optional(),
  aboveMaxReason: WrittenReason.nullish(),
});

const AdministrationBody = z.strictObject({
  drug: optionalText(200),
  doseMg: z.number().positive().max(1000).optional(),
  lotId: Uuid,
  cabinetId: Uuid,
  startedAt: Instant.optional(),
  pumpRateMlPerH: z.number().positive().max(2000).optional(),
  deviceTimes: z.array(Instant).min(1).max(6).optional(),
  witnesses: Witnesses,
  prescriberOrder: DoseOrder.optional(),
});

const ChangeBody = z.strictObject({
  id: Uuid,
  change: z.enum(['paused', 'resumed', 'slowed', 'stopped-early', 'ended']),
  at: Instant,
  reason: optionalText(2000),
  pumpRateMlPerH: z.number().positive().max(2000).optional(),
});

const WasteBody = z.strictObject({
  quantity: z.number({ error: 'Enter a quantity as a number.' }),
  reason: requiredText(500, 'Give the reason for the waste.'),
  witnesses: Witnesses,
});

const SignBody = z.strictObject({ password: SignaturePassword, note: optionalText(10000) });

const BoardSchema = z.looseObject({
  location: z.object({ id: z.uuid(), name: z.string(), timeZone: z.string() }),
  at: z.string(),
  chairs: z.array(z.looseObject({ chairId: z.uuid(), chairName: z.string() })),
});

const SessionParams = z.strictObject({ id: Uuid });
const AlertParams = z.strictObject({ id: Uuid, alertId: Uuid });

export function sessionRoutes(app: App, hub: BoardHub): void {
  app.post(
    '/api/v1/bookings/:id/session',
    {
      config: { access: { permission: 'sessions:chart' } },
      schema: {
        tags: ['sessions'],
        summary: 'Check a patient in for today’s booking (opens its session; again returns the same one)',
        params: IdParams,
        body: CheckInBody,
        response: { 200: SessionSchema, 201: SessionSchema, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const { session, created } = await checkIn(request.ctx, request.params.id, request.body);
      return reply.code(created ? 201 : 200).send(session);
    },
  );

  app.get(
    '/api/v1/sessions/:id',
    {
      config: { access: { permission: 'sessions:read' } },
      schema: {
        tags: ['sessions'],
        summary:
          'The whole session chart: phase, gate, administration, entries, alerts, discharge, signatures',
        params: SessionParams,
        response: { 200: SessionSchema, ...problems(400, 401, 403, 404) },
      },
    },
    async (request) => readSession(request.ctx, request.params.id),
  );

  app.post(
    '/api/v1/sessions/:id/entries',
    {
      config: { access: { permission: 'sessions:chart' } },
      schema: {
        tags: ['sessions'],
        summary:
          'Record a check (vitals, MOAA/S, dissociation) or an adverse event; idempotent on the client id',
        params: SessionParams,
        body: EntryBody,
        response: { 200: EntryResultSchema, 201: EntryResultSchema, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const { result, duplicate } = await recordEntry(request.ctx, request.params.id, request.body);
      return reply.code(duplicate ? 200 : 201).send(result);
    },
  );

  app.post(
    '/api/v1/sessions/:id/alerts/:alertId/acknowledge',
    {
      config: { access: { permission: 'sessions:chart' } },
      schema: {
        tags: ['sessions'],
        summary: 'Acknowledge a session alert (who and when are recorded)',
        params: AlertParams,
        body: z.strictObject({ note: optionalText(2000) }),
        response: { 200: AlertSchema, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request) =>
      acknowledgeAlert(request.ctx, request.params.id, request.params.alertId, request.body.note),
  );

  app.post(
    '/api/v1/sessions/:id/gate-decision',
    {
      config: { access: { permission: 'sessions:decide' } },
      schema: {
        tags: ['sessions'],
        summary: 'A prescriber’s decision when the pre-dose blood pressure blocks dosing',
        params: SessionParams,
        body: z.strictObject({ decision: z.enum(['proceed', 'do-not-dose']), reason: Reason }),
        response: { 200: SessionSchema, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request) => decideGate(request.ctx, request.params.id, request.body),
  );

  app.post(
    '/api/v1/sessions/:id/administration',
    {
      config: { access: { permission: 'sessions:chart' } },
      schema: {
        tags: ['sessions'],
        summary:
          'Record the dose given from a lot in a cabinet, witnessed by someone who signs in here, with its controlled-substance ledger entry in the same transaction (refused while the pre-dose gate blocks; a dose no plan backs needs a prescriber’s order signed here)',
        params: SessionParams,
        body: AdministrationBody,
        response: { 201: SessionSchema, ...problems(400, 401, 403, 404, 409, 429) },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await recordAdministration(request.ctx, request.params.id, request.body)),
  );

  app.post(
    '/api/v1/sessions/:id/administration/changes',
    {
      config: { access: { permission: 'sessions:chart' } },
      schema: {
        tags: ['sessions'],
        summary: 'Pause, resume, slow, stop early or end the infusion; idempotent on the client id',
        params: SessionParams,
        body: ChangeBody,
        response: { 200: SessionSchema, 201: SessionSchema, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const { view, duplicate } = await recordAdministrationChange(
        request.ctx,
        request.params.id,
        request.body,
      );
      return reply.code(duplicate ? 200 : 201).send(view);
    },
  );

  app.post(
    '/api/v1/sessions/:id/waste',
    {
      config: { access: { permission: 'sessions:chart' } },
      schema: {
        tags: ['sessions'],
        summary:
          'Waste what the dose left in the open vial, with a witness who signs in here (the whole remainder; recorded in the controlled-substance ledger against the administration)',
        params: SessionParams,
        body: WasteBody,
        response: { 201: SessionSchema, ...problems(400, 401, 403, 404, 409, 429) },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await recordSessionWaste(request.ctx, request.params.id, request.body)),
  );

  app.put(
    '/api/v1/sessions/:id/discharge-checklist',
    {
      config: { access: { permission: 'sessions:chart' } },
      schema: {
        tags: ['sessions'],
        summary: 'Save which discharge criteria are confirmed so far',
        params: SessionParams,
        body: z.strictObject({ confirmed: z.array(z.string().max(100)).max(50) }),
        response: { 200: SessionSchema, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request) => saveDischargeChecklist(request.ctx, request.params.id, request.body.confirmed),
  );

  app.post(
    '/api/v1/sessions/:id/discharge',
    {
      config: { access: { permission: 'sessions:chart' } },
      schema: {
        tags: ['sessions'],
        summary: 'Discharge the patient (409 listing every gap until ready); records the instructions given',
        params: SessionParams,
        body: z.strictObject({
          confirmed: z.array(z.string().max(100)).max(50).optional(),
          instructionsGiven: z.enum(['printed', 'link', 'printed-and-link']),
        }),
        response: { 200: SessionSchema, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request) => dischargePatient(request.ctx, request.params.id, request.body),
  );

  app.post(
    '/api/v1/sessions/:id/sign',
    {
      config: { access: { permission: 'sessions:chart' } },
      schema: {
        tags: ['sessions'],
        summary: 'Sign and lock the session note (400 listing what is missing)',
        params: SessionParams,
        body: SignBody,
        response: { 200: SessionSchema, ...problems(400, 401, 403, 404, 409, 429) },
      },
    },
    async (request) => signSession(request.ctx, request.params.id, request.body),
  );

  app.post(
    '/api/v1/sessions/:id/cosign',
    {
      config: { access: { permission: 'sessions:decide' } },
      schema: {
        tags: ['sessions'],
        summary: 'A prescriber’s co-signature of a signed session note',
        params: SessionParams,
        body: z.strictObject({ password: SignaturePassword }),
        response: { 200: SessionSchema, ...problems(400, 401, 403, 404, 409, 429) },
      },
    },
    async (request) => cosignSession(request.ctx, request.params.id, request.body),
  );

  app.post(
    '/api/v1/sessions/:id/addenda',
    {
      config: { access: { permission: 'sessions:chart' } },
      schema: {
        tags: ['sessions'],
        summary: 'Add a signed addendum to a signed session note',
        params: SessionParams,
        body: z.strictObject({
          password: SignaturePassword,
          text: requiredText(5000, 'Write the addendum.'),
        }),
        response: { 201: SessionSchema, ...problems(400, 401, 403, 404, 409, 429) },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await addAddendum(request.ctx, request.params.id, request.body)),
  );

  app.get(
    '/api/v1/locations/:id/board',
    {
      // The board re-reads on its own; that is not someone at the keyboard, so the idle lock still applies.
      config: { access: { permission: 'sessions:read', passive: true } },
      schema: {
        tags: ['sessions'],
        summary:
          'The live clinic board: every chair’s patient, phase, minutes since dose, vitals due, alerts',
        params: IdParams,
        response: { 200: BoardSchema, ...problems(400, 401, 403, 404) },
      },
    },
    async (request) => readBoard(request.ctx, request.params.id),
  );

  app.get(
    '/api/v1/locations/:id/board/events',
    {
      // The board re-reads on its own; that is not someone at the keyboard, so the idle lock still applies.
      config: { access: { permission: 'sessions:read', passive: true } },
      schema: {
        tags: ['sessions'],
        summary:
          'Server-sent events: one `session` event per change at the location (ids only; re-read the board)',
        params: IdParams,
      },
    },
    async (request, reply) => streamBoardEvents(request, request.params.id, reply, hub),
  );
}

/** The session routes with this instance's board listener, closed with the app. */
export function registerSessions(app: App, databaseUrl: string | undefined): void {
  const hub = new BoardHub(databaseUrl);
  app.addHook('onClose', () => hub.close());
  sessionRoutes(app, hub);
}
