import { DEFAULT_PROTOCOLS } from '../../../../src/domain/protocols/index.ts';
import type { BookingRoute } from '../../api/schedule.ts';

/** The shipped protocols a booking can follow, by route (the server checks the same list). */
export function protocolsFor(route: BookingRoute) {
  return DEFAULT_PROTOCOLS.filter((p) => p.route === route);
}

export function isShippedProtocol(id: string): boolean {
  return DEFAULT_PROTOCOLS.some((p) => p.id === id);
}

/**
 * The shortest slot the server will accept, shown before booking: dose time before the monitoring
 * clock starts plus the phase's minimum monitoring (the server's rules.ts, minimumSlotMinutes, decides).
 */
export function minimumMinutes(route: BookingRoute, protocolId: string, phaseId: string): number | null {
  const protocol = DEFAULT_PROTOCOLS.find((p) => p.id === protocolId && p.route === route);
  const phase = protocol?.phases.find((p) => p.id === phaseId);
  if (!phase) return null;
  const monitoring = phase.monitoring.value;
  const dosing = monitoring.from === 'end-of-infusion' ? (phase.dose.value.infusionMinutes ?? 0) : 0;
  return dosing + monitoring.minMinutes;
}

export function phaseName(protocolId: string, phaseId: string): string {
  const protocol = DEFAULT_PROTOCOLS.find((p) => p.id === protocolId);
  return protocol?.phases.find((p) => p.id === phaseId)?.name ?? phaseId;
}
