/** The session feature's use cases, for its routes and for other features. */
export * from './administration.ts';
export * from './check-in.ts';
export * from './discharge.ts';
export * from './ending.ts';
export { END_KIND_WORDS, type SessionEndingView } from './ending-state.ts';
export * from './entries.ts';
export * from './gate.ts';
export * from './signing.ts';
export { type ChartedSession, chartedSessions } from './summary.ts';
export { readSession } from './use-case-kit.ts';
export type { SessionView } from './view.ts';
export * from './waste.ts';
export type { AdministrationLedgerView, WasteDue } from './waste-state.ts';
