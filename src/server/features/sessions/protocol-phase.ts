import type { ProtocolPhase } from '../../../domain/protocols/types.ts';
import type { Executor } from '../../context.ts';
import { findProtocol } from '../protocols/service.ts';

type PhaseRef = { org_id: string; protocol_id: string; protocol_version: number; phase_id: string };

/** The protocol phase a session follows: the version the booking recorded, never a later edit. */
export async function protocolPhaseOf(db: Executor, row: PhaseRef): Promise<ProtocolPhase> {
  const found = await findProtocol(db, row.org_id, row.protocol_id, row.protocol_version);
  const phase = found?.protocol.phases.find((p) => p.id === row.phase_id);
  if (!phase)
    throw new Error(`protocol ${row.protocol_id} v${row.protocol_version} has no phase ${row.phase_id}`);
  return phase;
}
