import type { SessionChart, SessionRoute, Vitals } from '../../api/sessions.ts';

export const ROUTE_LABELS: Record<SessionRoute, string> = {
  'iv-ketamine': 'IV ketamine',
  esketamine: 'Esketamine nasal spray',
};

/** "09:41" in the browser's zone (the chairside device sits in the clinic). */
export function clockTime(iso: string | number): string {
  return new Date(iso).toLocaleTimeString('en-US', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
}

/** `HH:MM` today in the browser's zone, for a time input's default. */
export function nowHhMm(at = new Date()): string {
  return `${String(at.getHours()).padStart(2, '0')}:${String(at.getMinutes()).padStart(2, '0')}`;
}

/** Today's `HH:MM` (browser zone) as an instant with its offset; null when it is not a time. */
export function hhMmToIso(value: string, today = new Date()): string | null {
  const match = /^(\d{1,2}):(\d{2})$/.exec(value.trim());
  if (!match) return null;
  const at = new Date(today);
  at.setHours(Number(match[1]), Number(match[2]), 0, 0);
  return Number.isNaN(at.getTime()) ? null : at.toISOString();
}

/** "4 min 05 s" for a countdown; "0 s" once it has passed. */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.round(ms / 1000));
  const minutes = Math.floor(total / 60);
  const seconds = total % 60;
  return minutes > 0 ? `${minutes} min ${String(seconds).padStart(2, '0')} s` : `${seconds} s`;
}

export function formatVitals(v: Vitals | undefined): string {
  if (!v) return '';
  const parts: string[] = [];
  if (v.systolicMmHg !== undefined || v.diastolicMmHg !== undefined) {
    parts.push(`BP ${v.systolicMmHg ?? '–'}/${v.diastolicMmHg ?? '–'} mmHg`);
  }
  if (v.heartRateBpm !== undefined) parts.push(`HR ${v.heartRateBpm}/min`);
  if (v.spo2Percent !== undefined) parts.push(`SpO2 ${v.spo2Percent} %`);
  if (v.respiratoryRatePerMin !== undefined) parts.push(`RR ${v.respiratoryRatePerMin}/min`);
  return parts.join(', ');
}

/** Parses a typed number; '' is undefined, anything else not a number is NaN (the server names it). */
export function numberOrUndefined(text: string): number | undefined {
  const t = text.trim().replace(',', '.');
  return t === '' ? undefined : Number(t);
}

/** What is still missing before the note can be signed, as the server will list it. */
export function missingForSignature(chart: SessionChart): string[] {
  const missing: string[] = [];
  const ending = chart.ending;
  const hasVitals = (e: SessionChart['entries'][number]) =>
    e.kind === 'check' && Object.keys((e.data as { vitals?: Vitals }).vitals ?? {}).length > 0;
  if (!chart.entries.some((e) => e.preDose && hasVitals(e)) && !(ending && !chart.administration)) {
    missing.push('A pre-dose blood pressure');
  }
  if (!chart.administration) {
    if (!ending) {
      missing.push(
        chart.gate.status === 'do-not-dose-decided'
          ? 'The end of the session as not dosed (a prescriber decided not to dose)'
          : 'The dose given (administration)',
      );
    }
  } else {
    if (chart.route === 'iv-ketamine' && !chart.administration.endedAt)
      missing.push('The end of the infusion');
    if (ending) {
      if (
        !chart.entries.some(
          (e) => !e.preDose && hasVitals(e) && Date.parse(e.clientAt) <= Date.parse(ending.at),
        )
      ) {
        missing.push('Vital signs after the dose, taken before the session ended');
      }
    } else {
      if (!chart.entries.some((e) => !e.preDose && e.kind === 'check'))
        missing.push('A check after the dose');
      if (!chart.discharge.dischargedAt) missing.push('The discharge, or the end of the session without one');
    }
  }
  const waste = chart.administration?.wasteDue;
  if (waste)
    missing.push(
      `The witnessed waste of ${waste.quantity} ${waste.unit === 'device' ? 'devices' : 'mg'} left of lot ${waste.lotNumber}`,
    );
  return missing;
}
