/** What a clinic in the directory can offer; an import names them by id or by label. */
export const CLINIC_SERVICES = [
  { id: 'iv-ketamine', label: 'IV ketamine' },
  { id: 'im-ketamine', label: 'IM ketamine' },
  { id: 'esketamine-rems', label: 'Esketamine (REMS-certified)' },
  { id: 'psychotherapy', label: 'Psychotherapy' },
  { id: 'medication-management', label: 'Medication management' },
  { id: 'tms', label: 'TMS' },
  { id: 'ect', label: 'ECT' },
] as const;

export type ClinicServiceId = (typeof CLINIC_SERVICES)[number]['id'];

const BY_NAME = new Map<string, ClinicServiceId>(
  CLINIC_SERVICES.flatMap((s) => [
    [s.id, s.id],
    [s.label.toLowerCase(), s.id],
  ]),
);
BY_NAME.set('esketamine', 'esketamine-rems');
BY_NAME.set('esketamine rems-certified', 'esketamine-rems');
BY_NAME.set('spravato', 'esketamine-rems');

export function serviceId(name: string): ClinicServiceId | undefined {
  return BY_NAME.get(name.trim().toLowerCase());
}

export function serviceLabel(id: string): string {
  return CLINIC_SERVICES.find((s) => s.id === id)?.label ?? id;
}
