// Typed client for /api/v1/protocols. The protocol itself is the domain's type: the server sends it as stored.
import type { Protocol, ProtocolEdit } from '../../../src/domain/protocols/index.ts';
import { request } from '../api.ts';

export type ProtocolVersionSummary = {
  id: string;
  version: number;
  name: string;
  route: Protocol['route'];
  basedOn: Protocol['basedOn'];
  /** False for one of Ketaflow's defaults that the clinic has not stored yet. */
  stored: boolean;
  createdAt: string | null;
  createdBy: { id: string; name: string | null } | null;
  warnings: string[];
};

export type ProtocolListItem = {
  id: string;
  name: string;
  route: Protocol['route'];
  latestVersion: number;
  versions: ProtocolVersionSummary[];
};

export type ProtocolView = ProtocolVersionSummary & { protocol: Protocol; latestVersion: number };

export type ProtocolCopyInput = { sourceId: string; sourceVersion?: number; id: string; name: string };

const path = (id: string) => `/protocols/${encodeURIComponent(id)}`;

export const protocolsApi = {
  list: () => request<{ items: ProtocolListItem[] }>('GET', '/protocols'),
  read: (id: string, version?: number) =>
    request<ProtocolView>('GET', version === undefined ? path(id) : `${path(id)}/versions/${version}`),
  copy: (body: ProtocolCopyInput) => request<ProtocolView>('POST', '/protocols', { body }),
  edit: (id: string, body: ProtocolEdit & { baseVersion: number }) =>
    request<ProtocolView>('POST', `${path(id)}/versions`, { body }),
};
