import type { Provenance } from '../evidence.ts';

/** Which questionnaires go to the patient after a session, and how long after the discharge. */
export type AfterSessionMeasures = Provenance & {
  readonly instruments: readonly string[];
  readonly hoursAfter: number;
};

/**
 * Default: a PHQ-9 link the next day (24 h after discharge). No source in the reference sets when
 * to measure after a session, so this is clinic policy. For context only: the ketamine trials pooled
 * in `han-2016-meta` report response at 24 h, and the PHQ-9 asks about the last 2 weeks
 * (`kroenke-2001-phq9`), so a next-day PHQ-9 also covers the days before the session.
 */
export const DEFAULT_AFTER_SESSION_MEASURES: AfterSessionMeasures = {
  instruments: ['phq9'],
  hoursAfter: 24,
  evidence: [],
  clinicPolicy: true,
};

/** When the after-session questionnaires fall due. */
export function afterSessionDueAt(dischargedAt: Date, hoursAfter: number): Date {
  if (!Number.isFinite(hoursAfter) || hoursAfter < 0) {
    throw new RangeError('hoursAfter is a number of hours from 0 up');
  }
  return new Date(dischargedAt.getTime() + hoursAfter * 3_600_000);
}
