import { useEffect, useState } from 'react';
import { api, type Me, type StaffMember } from '../../api.ts';
import type { ClinicianChoice } from './patient-form.tsx';

export type StaffList = { staff: StaffMember[] | null; error: unknown };

/** The clinic's active staff (GET /staff), for the care team and the primary clinician. */
export function useStaff(): StaffList {
  const [state, setState] = useState<StaffList>({ staff: null, error: null });
  useEffect(() => {
    let cancelled = false;
    api.listStaff().then(
      (res) => !cancelled && setState({ staff: res.items, error: null }),
      (error) => !cancelled && setState({ staff: null, error }),
    );
    return () => {
      cancelled = true;
    };
  }, []);
  return state;
}

export function staffLabel(member: { id: string; name: string }, me: Pick<Me, 'id'>): string {
  return member.id === me.id ? `${member.name} (me)` : member.name;
}

/** Prescribers, nurses and therapists, by name: who may be the primary clinician. */
export function clinicianChoices(staff: StaffMember[] | null, me: Pick<Me, 'id'>): ClinicianChoice[] {
  return (staff ?? [])
    .filter((m) => m.roles.some((r) => r === 'prescriber' || r === 'nurse' || r === 'therapist'))
    .map((m) => ({ id: m.id, name: staffLabel(m, me) }))
    .sort((a, b) => a.name.localeCompare(b.name));
}
