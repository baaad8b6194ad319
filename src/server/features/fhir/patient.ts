import type { Address, ContactPoint, Extension, HumanName, Patient } from '@medplum/fhirtypes';
import type { SexAtBirth } from '../../db/schema.ts';
import type { PatientRow } from './store.ts';

export const US_CORE_BIRTHSEX = 'http://hl7.org/fhir/us/core/StructureDefinition/us-core-birthsex';
export const US_CORE_GENDER_IDENTITY =
  'http://hl7.org/fhir/us/core/StructureDefinition/us-core-genderIdentity';
export const INDIVIDUAL_PRONOUNS = 'http://hl7.org/fhir/StructureDefinition/individual-pronouns';

/** MRNs are unique per clinic, so each clinic is its own identifier system. */
export function mrnSystem(orgId: string): string {
  return `urn:ketaflow:mrn:${orgId}`;
}

// Administrative gender is not recorded apart from sex at birth, so it is derived from it.
const GENDER: Record<SexAtBirth, NonNullable<Patient['gender']>> = {
  female: 'female',
  male: 'male',
  intersex: 'other',
  unknown: 'unknown',
};

// US Core's birth-sex value set has only F, M and UNK: intersex has no code of its own there.
const BIRTH_SEX: Record<SexAtBirth, 'F' | 'M' | 'UNK'> = {
  female: 'F',
  male: 'M',
  intersex: 'UNK',
  unknown: 'UNK',
};

function present<T>(value: T | null | undefined): value is T {
  return value !== null && value !== undefined && value !== '';
}

function extensions(row: PatientRow): Extension[] {
  const out: Extension[] = [{ url: US_CORE_BIRTHSEX, valueCode: BIRTH_SEX[row.sex_at_birth] }];
  // Both are free text here, so they travel as a CodeableConcept's text without a code.
  if (present(row.gender_identity)) {
    out.push({ url: US_CORE_GENDER_IDENTITY, valueCodeableConcept: { text: row.gender_identity } });
  }
  if (present(row.pronouns)) {
    out.push({
      url: INDIVIDUAL_PRONOUNS,
      extension: [{ url: 'value', valueCodeableConcept: { text: row.pronouns } }],
    });
  }
  return out;
}

function names(row: PatientRow): HumanName[] {
  const out: HumanName[] = [
    { use: 'official', family: row.legal_family_name, given: [row.legal_given_name] },
  ];
  if (present(row.preferred_name)) out.push({ use: 'usual', given: [row.preferred_name] });
  return out;
}

function telecom(row: PatientRow): ContactPoint[] {
  const out: ContactPoint[] = [];
  if (present(row.phone)) out.push({ system: 'phone', value: row.phone });
  if (present(row.email)) out.push({ system: 'email', value: row.email });
  return out;
}

function address(row: PatientRow): Address[] {
  const line = [row.address_line1, row.address_line2].filter(present);
  const parts = {
    ...(line.length ? { line } : {}),
    ...(present(row.city) ? { city: row.city } : {}),
    ...(present(row.state) ? { state: row.state } : {}),
    ...(present(row.postal_code) ? { postalCode: row.postal_code } : {}),
  };
  return Object.keys(parts).length ? [parts] : [];
}

function contacts(row: PatientRow): NonNullable<Patient['contact']> {
  if (!present(row.emergency_contact_name) && !present(row.emergency_contact_phone)) return [];
  return [
    {
      relationship: [
        {
          coding: [
            {
              system: 'http://terminology.hl7.org/CodeSystem/v2-0131',
              code: 'C',
              display: 'Emergency Contact',
            },
          ],
        },
        ...(present(row.emergency_contact_relationship)
          ? [{ text: row.emergency_contact_relationship }]
          : []),
      ],
      ...(present(row.emergency_contact_name) ? { name: { text: row.emergency_contact_name } } : {}),
      ...(present(row.emergency_contact_phone)
        ? { telecom: [{ system: 'phone' as const, value: row.emergency_contact_phone }] }
        : {}),
    },
  ];
}

export function toFhirPatient(row: PatientRow, orgId: string): Patient {
  const tele = telecom(row);
  const addr = address(row);
  const contact = contacts(row);
  return {
    resourceType: 'Patient',
    id: row.id,
    meta: { versionId: String(row.version), lastUpdated: row.updated_at.toISOString() },
    extension: extensions(row),
    identifier: [
      {
        use: 'usual',
        type: {
          coding: [
            {
              system: 'http://terminology.hl7.org/CodeSystem/v2-0203',
              code: 'MR',
              display: 'Medical record number',
            },
          ],
        },
        system: mrnSystem(orgId),
        value: row.mrn,
      },
    ],
    name: names(row),
    ...(tele.length ? { telecom: tele } : {}),
    gender: GENDER[row.sex_at_birth],
    birthDate: row.date_of_birth,
    ...(addr.length ? { address: addr } : {}),
    ...(contact.length ? { contact } : {}),
  };
}
