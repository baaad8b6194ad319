import type { DoseStep } from '../../../../src/domain/dosing/index.ts';

/** Every step of a dose calculation, each from the previous step's rounded value. */
export function DoseSteps({ steps, label }: { steps: readonly DoseStep[]; label: string }) {
  return (
    <ol className="dose-steps" aria-label={label}>
      {steps.map((step) => (
        <li key={step.label}>
          <span className="dose-step-label">{step.label}:</span>{' '}
          <span className="dose-step-formula">{step.formula}</span> ={' '}
          <strong className="dose-step-value">
            {step.value} {step.unit}
          </strong>
        </li>
      ))}
    </ol>
  );
}

/** One line for a calculation: mg with volumes and rate, or devices. */
export function doseSummary(calc: {
  doseMg: number;
  volumeMl?: number;
  totalVolumeMl?: number;
  rateMlPerHour?: number;
  devices?: number;
}): string {
  if (calc.devices !== undefined)
    return `${calc.doseMg} mg = ${calc.devices} ${calc.devices === 1 ? 'device' : 'devices'}`;
  const parts = [`${calc.doseMg} mg`];
  if (calc.volumeMl !== undefined) parts.push(`${calc.volumeMl} mL drug`);
  if (calc.totalVolumeMl !== undefined) parts.push(`${calc.totalVolumeMl} mL total`);
  if (calc.rateMlPerHour !== undefined) parts.push(`${calc.rateMlPerHour} mL/h`);
  return parts.join(', ');
}
