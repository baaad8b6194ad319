export * from './after-session.ts';
export * from './discharge.ts';
export * from './pregnancy-test.ts';
export * from './sedation.ts';
export * from './tolerability.ts';
export * from './vitals.ts';
export * from './vitals-schedule.ts';
