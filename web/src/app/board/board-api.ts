// Typed calls for the live clinic board (src/server/features/sessions/board.ts); acknowledging an
// alert is the chart's call (api/sessions.ts). The server decides every phase, due time and alert; the
// board only shows them and keeps the clocks ticking.
import { request } from '../../api.ts';

export type SessionPhase =
  | 'checked-in'
  | 'dosing'
  | 'monitoring'
  | 'ready-for-discharge'
  | 'discharged'
  | 'ended';

export type BoardAlert = {
  id: string;
  entryId: string;
  thresholdId: string;
  text: string;
  value: number;
  raisedAt: string;
};

export type VitalsDue = { dueAt: string | null; overdue: boolean; reason: string };

export type BoardSession = {
  id: string;
  patientId: string;
  patientName: string;
  mrn: string;
  route: 'iv-ketamine' | 'esketamine';
  phase: SessionPhase;
  checkedInAt: string;
  doseStartedAt: string | null;
  minutesSinceDose: number | null;
  nextVitalsDue: VitalsDue | null;
  activeAlerts: BoardAlert[];
  signed: boolean;
};

export type BoardChair = { chairId: string; chairName: string; session: BoardSession | null };

export type Board = {
  location: { id: string; name: string; timeZone: string };
  /** The server's clock when it read the board: the ticking clocks start from it. */
  at: string;
  chairs: BoardChair[];
};

const enc = encodeURIComponent;

export const boardApi = {
  read: (locationId: string) => request<Board>('GET', `/locations/${enc(locationId)}/board`),
};

/** The event stream's address, for EventSource (same origin, so the session cookie goes with it). */
export function boardEventsUrl(locationId: string): string {
  return `/api/v1/locations/${enc(locationId)}/board/events`;
}
