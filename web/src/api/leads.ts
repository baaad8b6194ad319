// Typed client for the callback queue (/api/v1/leads …).
import { query, request } from '../api.ts';

export const LEAD_STATUSES = ['new', 'contacted', 'consult-booked', 'not-a-fit', 'closed'] as const;
export type LeadStatus = (typeof LEAD_STATUSES)[number];
export const LEAD_STATUS_LABELS: Record<LeadStatus, string> = {
  new: 'New',
  contacted: 'Contacted',
  'consult-booked': 'Consult booked',
  'not-a-fit': 'Not a fit',
  closed: 'Closed',
};
/** Mirrors the server's allowed moves; the server refuses any other. */
export const STATUS_MOVES: Record<LeadStatus, LeadStatus[]> = {
  new: ['contacted', 'not-a-fit', 'closed'],
  contacted: ['consult-booked', 'not-a-fit', 'closed'],
  'consult-booked': ['contacted', 'not-a-fit', 'closed'],
  'not-a-fit': ['contacted', 'closed'],
  closed: ['contacted'],
};

export type LeadSummary = {
  id: string;
  name: string;
  phone: string;
  email: string | null;
  bestTime: 'morning' | 'afternoon' | 'evening' | 'any';
  preferredContact: 'phone' | 'text' | 'email';
  status: LeadStatus;
  urgent: boolean;
  urgentReason: string | null;
  selfCheckTotal: number | null;
  selfCheckSeverity: string | null;
  patientId: string | null;
  createdAt: string;
  updatedAt: string;
};

export type LeadEvent = {
  id: string;
  at: string;
  kind: 'created' | 'status' | 'note' | 'converted';
  userId: string | null;
  userName: string | null;
  fromStatus: LeadStatus | null;
  toStatus: LeadStatus | null;
  note: string | null;
  patientId: string | null;
};

export type Lead = LeadSummary & {
  message: string | null;
  consentText: string;
  consentedAt: string;
  selfCheck: number[] | null;
  events: LeadEvent[];
};

export type LeadQueue = { items: LeadSummary[]; total: number; spam: { honeypot: number; tooFast: number } };

export type ConvertLeadInput = {
  legalGivenName: string;
  legalFamilyName: string;
  dateOfBirth: string;
  sexAtBirth: 'female' | 'male' | 'intersex' | 'unknown';
  confirmDuplicate?: boolean;
};

export const leadsApi = {
  list: (statuses: LeadStatus[], limit = 50, offset = 0) =>
    request<LeadQueue>('GET', `/leads${query({ status: statuses.join(','), limit, offset })}`),
  get: (id: string) => request<Lead>('GET', `/leads/${id}`),
  move: (id: string, body: { from: LeadStatus; to: LeadStatus; note?: string | null }) =>
    request<Lead>('POST', `/leads/${id}/status`, { body }),
  addNote: (id: string, note: string) => request<Lead>('POST', `/leads/${id}/notes`, { body: { note } }),
  convert: (id: string, body: ConvertLeadInput) => request<Lead>('POST', `/leads/${id}/convert`, { body }),
};
