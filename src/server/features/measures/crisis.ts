/** What anyone who gives a suicide-risk answer sees first (lifeline-988; 911 for emergencies). */
export type CrisisResources = {
  lines: { label: string; phone: string; text?: string; note: string }[];
  evidence: string[];
};

export function crisisResources(clinicPhone: string | null): CrisisResources {
  return {
    lines: [
      {
        label: '988 Suicide & Crisis Lifeline',
        phone: '988',
        text: '988',
        note: 'Call or text 988, any time, free and confidential.',
      },
      {
        label: 'Emergency',
        phone: '911',
        note: 'If you are in danger now, call 911 or go to the nearest emergency department.',
      },
      ...(clinicPhone
        ? [
            {
              label: 'Your clinic',
              phone: clinicPhone,
              note: 'Call the clinic to speak with your care team.',
            },
          ]
        : []),
    ],
    evidence: ['lifeline-988'],
  };
}
