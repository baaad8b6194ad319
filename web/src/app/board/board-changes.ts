import type { Board, BoardSession } from './board-api.ts';
import { PHASE_WORDS } from './words.ts';

export type BoardChanges = {
  /** Read out politely: a patient arriving or leaving a chair, a new phase, an alert acknowledged. */
  polite: string[];
  /** Read out at once: alerts that were not on the board before. */
  urgent: string[];
};

/** What changed between two reads of the same board, in words, for the screen reader's live regions. */
export function boardChanges(
  before: Board | null,
  after: Board,
  nameOf: (session: BoardSession) => string,
): BoardChanges {
  const changes: BoardChanges = { polite: [], urgent: [] };
  if (!before || before.location.id !== after.location.id) return changes;
  const previous = new Map(before.chairs.map((c) => [c.chairId, c.session]));
  for (const chair of after.chairs) {
    const was = previous.get(chair.chairId) ?? null;
    const now = chair.session;
    if (!now) {
      if (was) changes.polite.push(`${chair.chairName} is free.`);
      continue;
    }
    const who = nameOf(now);
    if (!was || was.id !== now.id) {
      changes.polite.push(`${chair.chairName}: ${who}, ${PHASE_WORDS[now.phase].toLowerCase()}.`);
    } else if (was.phase !== now.phase) {
      changes.polite.push(`${chair.chairName}: ${who} is now ${PHASE_WORDS[now.phase].toLowerCase()}.`);
    }
    const seen = new Set(was?.id === now.id ? was.activeAlerts.map((a) => a.id) : []);
    for (const alert of now.activeAlerts) {
      if (!seen.has(alert.id)) changes.urgent.push(`Alert, ${chair.chairName}, ${who}: ${alert.text}.`);
    }
    if (was?.id === now.id) {
      const still = new Set(now.activeAlerts.map((a) => a.id));
      for (const alert of was.activeAlerts) {
        if (!still.has(alert.id))
          changes.polite.push(`${chair.chairName}: alert acknowledged: ${alert.text}.`);
      }
    }
  }
  return changes;
}

/** Sessions whose next vitals are past due at `nowMs` (time makes them overdue, not an event). */
export function overdueSessions(board: Board, nowMs: number): Set<string> {
  const overdue = new Set<string>();
  for (const chair of board.chairs) {
    const dueAt = chair.session?.nextVitalsDue?.dueAt;
    if (chair.session && dueAt && Date.parse(dueAt) < nowMs) overdue.add(chair.session.id);
  }
  return overdue;
}
