import type { DischargeReadiness } from '../../../domain/monitoring/index.ts';
import type { ProtocolItem, ProtocolPhase } from '../../../domain/protocols/types.ts';
import type { Executor } from '../../context.ts';
import { type SignatureView, signatureView } from '../intake/service.ts';
import type { SessionWasteView } from '../inventory/service.ts';
import type { SessionPolicies } from '../settings/service.ts';
import { sessionPoliciesOf } from '../settings/session-policies.ts';
import {
  type ChecklistInput,
  checklistWarnings,
  dischargeCriteria,
  dischargeReadiness,
  type EntryFact,
  type GateState,
  gateState,
  isFinished,
  type Phase,
  phaseOf,
  type RecordedDischargeScore,
  type VitalsDueView,
  vitalsDue,
} from './chart-state.ts';
import { type DoseOrderView, findDoseOrder } from './dose-order.ts';
import { endingView, type SessionEndingView } from './ending-state.ts';
import { entryFacts } from './gate-state.ts';
import {
  type AlertRow,
  findAdministration,
  findSessionHeader,
  listAddenda,
  listAlerts,
  listChanges,
  listEntries,
  listGateDecisions,
  listInstructionLinks,
  type SessionRow,
} from './store.ts';
import { administrationLedgerView, type WasteDue } from './waste-state.ts';

export type Checklist = {
  identityConfirmed: true;
  fasting: { lastFoodAt: string; lastLiquidsAt: string } | null;
  rideHome: { confirmed: true; driverName: string };
  pregnancyTest: 'negative' | 'positive' | 'not-applicable' | null;
  medicationsToday: string;
  mood: { kind: 'rating'; value: number } | { kind: 'phq9'; responseId: string };
};

export type AlertView = {
  id: string;
  entryId: string;
  thresholdId: string;
  text: string;
  value: number;
  raisedAt: string;
  acknowledged: { at: string; byUserId: string; byName: string; note: string | null } | null;
};

export function alertView(row: AlertRow): AlertView {
  return {
    id: row.id,
    entryId: row.entry_id,
    thresholdId: row.threshold_id,
    text: row.text,
    value: Number(row.value),
    raisedAt: row.raised_at.toISOString(),
    acknowledged:
      row.acknowledged_at && row.acknowledged_by
        ? {
            at: row.acknowledged_at.toISOString(),
            byUserId: row.acknowledged_by,
            byName: row.acknowledged_by_name ?? '',
            note: row.acknowledgement_note,
          }
        : null,
  };
}

export type EntryView = {
  id: string;
  kind: 'check' | 'adverse-event';
  preDose: boolean;
  clientAt: string;
  receivedAt: string;
  late: boolean;
  recordedBy: string;
  data: Record<string, unknown>;
};

export type SessionView = {
  id: string;
  bookingId: string;
  patient: { id: string; name: string; mrn: string };
  location: { id: string; name: string; timeZone: string };
  chair: { id: string; name: string };
  route: 'iv-ketamine' | 'esketamine';
  protocol: { id: string; version: number; phaseId: string; phaseName: string };
  plannedSessionId: string | null;
  phase: Phase;
  checkIn: { at: string; byUserId: string; checklist: Checklist; warnings: string[] };
  gate: GateState & {
    decisions: {
      id: string;
      entryId: string;
      decision: string;
      reason: string;
      byName: string;
      at: string;
    }[];
  };
  administration: {
    drug: string;
    doseMg: number;
    doseSource: string;
    calculation: unknown;
    lotNumber: string;
    lotExpiry: string;
    ledgerEntryId: string | null;
    /** What the dose left in its open container, until its witnessed waste is recorded. */
    wasteDue: WasteDue | null;
    /** The witnessed waste of that remainder, once recorded. */
    waste: SessionWasteView | null;
    startedAt: string;
    endedAt: string | null;
    pumpRateMlPerH: number | null;
    deviceTimes: string[] | null;
    nurseId: string;
    witnessId: string;
    witnessName: string;
    /** The prescriber's order on the chart, for a dose no plan backs. */
    order: DoseOrderView | null;
    changes: {
      id: string;
      change: string;
      at: string;
      reason: string | null;
      pumpRateMlPerH: number | null;
    }[];
  } | null;
  minutesSinceDose: number | null;
  nextVitalsDue: VitalsDueView | null;
  entries: EntryView[];
  alerts: AlertView[];
  discharge: {
    readiness: DischargeReadiness | null;
    /** `checklist`, `modified-aldrete` or `padss` (session policy `dischargeMethod`). */
    method: string;
    criteria: ProtocolItem[];
    confirmed: string[];
    /** The score recorded where the clinic discharges by one. */
    score: unknown;
    dischargedAt: string | null;
    instructions: unknown;
    /** What was scheduled for after the session, or why nothing could be sent. */
    afterSessionMeasures: unknown;
    /** Links to the instructions sent to the patient (no tokens). */
    instructionLinks: { id: string; sentAt: string; expiresAt: string; openedAt: string | null }[];
  };
  /** How the session ended when it ended without a discharge (not dosed, transferred, left). */
  ending: SessionEndingView | null;
  note: string | null;
  signature: SignatureView | null;
  cosignRequired: boolean;
  cosignature: SignatureView | null;
  addenda: { id: string; text: string; signature: SignatureView | null }[];
  policies: SessionPolicies;
};

export type SessionFacts = {
  row: SessionRow;
  entries: EntryFact[];
  alerts: AlertRow[];
  gate: GateState;
  readiness: DischargeReadiness | null;
  phase: Phase;
  nextVitalsDue: VitalsDueView | null;
  policies: SessionPolicies;
};

/** What the board and the chart derive from a session's rows at a moment. */
export async function sessionFacts(
  db: Executor,
  row: SessionRow,
  phase: ProtocolPhase,
  now: Date,
): Promise<SessionFacts & { entryRows: Awaited<ReturnType<typeof listEntries>> }> {
  const policies = sessionPoliciesOf(row.policies);
  const [entryRows, alerts, decisions] = await Promise.all([
    listEntries(db, row.org_id, row.id),
    listAlerts(db, row.org_id, [row.id]),
    listGateDecisions(db, row.org_id, row.id),
  ]);
  const entries = entryFacts(entryRows);
  const gate = gateState(entries, decisions, policies, row.route);
  const clock = { doseStartedAt: row.dose_started_at, infusionEndedAt: row.infusion_ended_at };
  const readiness =
    row.status === 'discharged'
      ? ((row.discharge_readiness as DischargeReadiness | null) ?? null)
      : row.dose_started_at && row.status !== 'ended'
        ? dischargeReadiness({
            entries,
            clock,
            route: row.route,
            phase,
            policies,
            confirmed: row.discharge_confirmed,
            score: row.discharge_score as RecordedDischargeScore | null,
            unacknowledgedAlerts: alerts.filter((a) => !a.acknowledged_at).length,
            now,
          })
        : null;
  return {
    row,
    entries,
    entryRows,
    alerts,
    gate,
    readiness,
    phase: phaseOf(row.status, readiness?.ready ?? false),
    nextVitalsDue: vitalsDue({
      entries,
      clock,
      route: row.route,
      policies,
      checkedInAt: row.checked_in_at,
      discharged: isFinished(row.status),
      now,
    }),
    policies,
  };
}

export function minutesSince(from: Date | null, now: Date): number | null {
  return from ? Math.max(0, Math.floor((now.getTime() - from.getTime()) / 60_000)) : null;
}

export async function buildSessionView(
  db: Executor,
  row: SessionRow,
  phase: ProtocolPhase,
  now: Date,
): Promise<SessionView> {
  const facts = await sessionFacts(db, row, phase, now);
  const [header, administration, changes, decisions, addenda, instructionLinks] = await Promise.all([
    findSessionHeader(db, row),
    findAdministration(db, row.org_id, row.id),
    listChanges(db, row.org_id, row.id),
    listGateDecisions(db, row.org_id, row.id),
    listAddenda(db, row.org_id, row.id),
    listInstructionLinks(db, row.org_id, row.id),
  ]);
  const checklist = row.checklist as Checklist;
  const fasting: ChecklistInput = {
    lastFoodAt: checklist.fasting ? new Date(checklist.fasting.lastFoodAt) : null,
    lastLiquidsAt: checklist.fasting ? new Date(checklist.fasting.lastLiquidsAt) : null,
  };
  return {
    id: row.id,
    bookingId: row.booking_id,
    patient: { id: row.patient_id, name: header.patientName, mrn: header.mrn },
    location: { id: row.location_id, name: header.locationName, timeZone: header.timeZone },
    chair: { id: row.chair_id, name: header.chairName },
    route: row.route,
    protocol: {
      id: row.protocol_id,
      version: row.protocol_version,
      phaseId: row.phase_id,
      phaseName: phase.name,
    },
    plannedSessionId: row.planned_session_id,
    phase: facts.phase,
    checkIn: {
      at: row.checked_in_at.toISOString(),
      byUserId: row.checked_in_by,
      checklist,
      warnings: checklistWarnings(row.route, fasting, facts.policies, row.dose_started_at ?? now),
    },
    gate: {
      ...facts.gate,
      decisions: decisions.map((d) => ({
        id: d.id,
        entryId: d.entryId,
        decision: d.decision,
        reason: d.reason,
        byName: d.deciderName,
        at: d.decidedAt.toISOString(),
      })),
    },
    administration: administration
      ? {
          drug: administration.drug,
          doseMg: Number(administration.dose_mg),
          doseSource: administration.dose_source,
          calculation: administration.calculation,
          lotNumber: administration.lot_number,
          lotExpiry: administration.lot_expiry,
          ledgerEntryId: administration.ledger_entry_id,
          ...(await administrationLedgerView(db, row.org_id, administration, facts.policies)),
          startedAt: administration.started_at.toISOString(),
          endedAt: administration.ended_at?.toISOString() ?? null,
          pumpRateMlPerH:
            administration.pump_rate_ml_per_h === null ? null : Number(administration.pump_rate_ml_per_h),
          deviceTimes: administration.device_times?.map((t) => new Date(t).toISOString()) ?? null,
          nurseId: administration.nurse_id,
          witnessId: administration.witness_id,
          witnessName: administration.witness_name,
          order: await findDoseOrder(db, row.org_id, row.id),
          changes: changes.map((c) => ({
            id: c.id,
            change: c.change,
            at: c.at.toISOString(),
            reason: c.reason,
            pumpRateMlPerH: c.pump_rate_ml_per_h === null ? null : Number(c.pump_rate_ml_per_h),
          })),
        }
      : null,
    minutesSinceDose: isFinished(row.status) ? null : minutesSince(row.dose_started_at, now),
    nextVitalsDue: facts.nextVitalsDue,
    entries: facts.entryRows.map((e) => ({
      id: e.id,
      kind: e.kind,
      preDose: e.pre_dose,
      clientAt: e.client_at.toISOString(),
      receivedAt: e.received_at.toISOString(),
      late: e.late,
      recordedBy: e.recorded_by,
      data: e.data as Record<string, unknown>,
    })),
    alerts: facts.alerts.map(alertView),
    discharge: {
      readiness: facts.readiness,
      method: facts.policies.dischargeMethod.value,
      criteria: dischargeCriteria(phase, facts.policies, row.route),
      confirmed: row.discharge_confirmed,
      score: row.discharge_score ?? null,
      dischargedAt: row.discharged_at?.toISOString() ?? null,
      instructions: row.discharge_instructions,
      afterSessionMeasures: row.after_session_measures ?? null,
      instructionLinks: instructionLinks.map((l) => ({
        id: l.id,
        sentAt: l.created_at.toISOString(),
        expiresAt: l.expires_at.toISOString(),
        openedAt: l.opened_at?.toISOString() ?? null,
      })),
    },
    ending: endingView(row),
    note: row.note,
    signature: row.signed_at
      ? signatureView(row.signer_name, row.signed_at, row.signature_meaning, row.signed_by)
      : null,
    cosignRequired: row.cosign_required,
    cosignature: row.cosigned_at
      ? signatureView(row.cosigner_name, row.cosigned_at, row.cosignature_meaning, row.cosigned_by)
      : null,
    addenda: addenda.map((a) => ({
      id: a.id,
      text: a.text,
      signature: signatureView(a.signer_name, a.signed_at, a.signature_meaning, a.signed_by),
    })),
    policies: facts.policies,
  };
}
