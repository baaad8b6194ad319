import { useEffect, useState } from 'react';
import { type BookableProtocol, scheduleApi } from '../../api/schedule.ts';

/**
 * The clinic's protocols a booking can follow (its own versions, and the defaults it has not
 * changed), loaded when a dialog opens so an admin's new version shows at once. Null while loading.
 */
export function useBookableProtocols(onError: (error: unknown) => void): BookableProtocol[] | null {
  const [protocols, setProtocols] = useState<BookableProtocol[] | null>(null);
  useEffect(() => {
    let current = true;
    scheduleApi.bookableProtocols().then(
      ({ items }) => {
        if (current) setProtocols(items);
      },
      (error) => {
        if (current) onError(error);
      },
    );
    return () => {
      current = false;
    };
  }, [onError]);
  return protocols;
}

/** The phase's name in the clinic's current protocol; its id when the protocol no longer has it. */
export function phaseName(protocols: BookableProtocol[] | null, protocolId: string, phaseId: string): string {
  const protocol = protocols?.find((p) => p.id === protocolId);
  return protocol?.phases.find((p) => p.id === phaseId)?.name ?? phaseId;
}
