/** The REMS feature's use cases: monitoring forms, their dashboard, and serious adverse events. */
export * from './adverse-events.ts';
export * from './forms.ts';
