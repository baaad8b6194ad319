import { describe, expect, it } from 'vitest';
import type { Board, BoardSession } from '../web/src/app/board/board-api.ts';
import { boardChanges, overdueSessions } from '../web/src/app/board/board-changes.ts';
import { countdown, countdownText, initials, minutesSince, readingText } from '../web/src/app/board/words.ts';

// The board screen's pure parts: what it announces between two reads, and its ticking clocks.

const AT = Date.parse('2026-11-27T14:30:00Z');

function session(id: string, over: Partial<BoardSession> = {}): BoardSession {
  return {
    id,
    patientId: `p-${id}`,
    patientName: 'Robin Boardman',
    mrn: 'MRN-1',
    route: 'iv-ketamine',
    phase: 'checked-in',
    checkedInAt: '2026-11-27T14:00:00Z',
    doseStartedAt: null,
    minutesSinceDose: null,
    nextVitalsDue: null,
    activeAlerts: [],
    signed: false,
    ...over,
  };
}

function board(chairs: [string, BoardSession | null][], locationId = 'loc-1'): Board {
  return {
    location: { id: locationId, name: 'Annex', timeZone: 'America/New_York' },
    at: new Date(AT).toISOString(),
    chairs: chairs.map(([name, s]) => ({ chairId: `chair-${name}`, chairName: name, session: s })),
  };
}

const alert = (id: string, text: string) => ({
  id,
  entryId: `e-${id}`,
  thresholdId: 'spo2-low',
  text,
  value: 88,
  raisedAt: '2026-11-27T14:20:00Z',
});
const fullName = (s: BoardSession) => s.patientName;

describe('boardChanges', () => {
  it('announces nothing on the first read or after switching location', () => {
    const now = board([['A', session('s1', { activeAlerts: [alert('a1', 'Low SpO2')] })]]);
    expect(boardChanges(null, now, fullName)).toEqual({ polite: [], urgent: [] });
    const elsewhere = board([['A', null]], 'loc-2');
    expect(boardChanges(elsewhere, now, fullName)).toEqual({ polite: [], urgent: [] });
  });

  it('says politely who arrived, who moved on and which chair is free', () => {
    const before = board([
      ['A', null],
      ['B', session('s2')],
      ['C', session('s3')],
    ]);
    const after = board([
      ['A', session('s1')],
      ['B', session('s2', { phase: 'dosing' })],
      ['C', null],
    ]);
    expect(boardChanges(before, after, fullName)).toEqual({
      polite: ['A: Robin Boardman, checked in.', 'B: Robin Boardman is now dosing.', 'C is free.'],
      urgent: [],
    });
  });

  it('sends only new alerts to the urgent list, and says when one is acknowledged', () => {
    const old = alert('a1', 'Oxygen saturation below 92 %');
    const before = board([['A', session('s1', { activeAlerts: [old] })]]);
    const raised = board([
      ['A', session('s1', { activeAlerts: [old, alert('a2', 'Heart rate above 130 beats/min')] })],
    ]);
    expect(boardChanges(before, raised, fullName)).toEqual({
      polite: [],
      urgent: ['Alert, A, Robin Boardman: Heart rate above 130 beats/min.'],
    });
    const cleared = board([['A', session('s1', { activeAlerts: [] })]]);
    expect(boardChanges(before, cleared, fullName).polite).toEqual([
      'A: alert acknowledged: Oxygen saturation below 92 %.',
    ]);
  });

  it('uses the name it is given (initials on a shared screen)', () => {
    const after = board([['A', session('s1', { activeAlerts: [alert('a1', 'Low SpO2')] })]]);
    const changes = boardChanges(board([['A', null]]), after, (s) => initials(s.patientName));
    expect(changes.urgent).toEqual(['Alert, A, R. B.: Low SpO2.']);
    expect(JSON.stringify(changes)).not.toContain('Boardman');
  });
});

describe('the ticking clocks', () => {
  it('counts the vitals down in whole minutes, then says how long they are overdue', () => {
    const due = new Date(AT + 4 * 60_000 + 1).toISOString();
    expect(countdownText(countdown(due, AT))).toBe('due in 5 min');
    expect(countdownText(countdown(new Date(AT).toISOString(), AT))).toBe('due now');
    expect(countdownText(countdown(new Date(AT - 59_000).toISOString(), AT))).toBe('due now');
    expect(countdownText(countdown(new Date(AT - 3 * 60_000 - 5).toISOString(), AT))).toBe(
      'overdue by 3 min',
    );
  });

  it('counts minutes since the dose, never below zero', () => {
    expect(minutesSince(new Date(AT - 23 * 60_000 - 30_000).toISOString(), AT)).toBe(23);
    expect(minutesSince(new Date(AT + 20_000).toISOString(), AT)).toBe(0);
  });

  it('lists the sessions whose vitals are past due', () => {
    const b = board([
      [
        'A',
        session('s1', {
          nextVitalsDue: { dueAt: new Date(AT - 1000).toISOString(), overdue: false, reason: 'x' },
        }),
      ],
      [
        'B',
        session('s2', {
          nextVitalsDue: { dueAt: new Date(AT + 1000).toISOString(), overdue: false, reason: 'x' },
        }),
      ],
      ['C', session('s3', { nextVitalsDue: { dueAt: null, overdue: false, reason: 'Before discharge' } })],
      ['D', null],
    ]);
    expect([...overdueSessions(b, AT)]).toEqual(['s1']);
  });

  it('gives an alert’s reading its unit', () => {
    expect(readingText('spo2-low', 88)).toBe('88 %');
    expect(readingText('systolic-high', 186)).toBe('186 mmHg');
    expect(readingText('heart-rate-low', 44)).toBe('44 beats/min');
    expect(readingText('clinic-custom', 7)).toBe('7');
  });
});
