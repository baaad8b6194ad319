import type { Dispatch, SetStateAction } from 'react';
import { TextField } from './field.tsx';

export type ClinicQuestion = { key: string; label: string; required: boolean };

/**
 * The questions a clinic adds to a report form (theft or loss, serious adverse event): one text
 * answer each, keyed by question; the server names a refused answer `extra.<key>`.
 */
export function ClinicQuestions({
  questions,
  answers,
  onChange,
  errors,
}: {
  questions: ClinicQuestion[];
  answers: Record<string, string>;
  onChange: Dispatch<SetStateAction<Record<string, string>>>;
  errors: Record<string, string | undefined>;
}) {
  return questions.map((q) => (
    <TextField
      key={q.key}
      label={q.label}
      optional={!q.required}
      value={answers[q.key] ?? ''}
      onChange={(v) => onChange((current) => ({ ...current, [q.key]: v }))}
      error={errors[`extra.${q.key}`]}
    />
  ));
}
