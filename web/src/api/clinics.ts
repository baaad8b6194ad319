// Typed client for the public clinic directory an admin imports (/api/v1/directory …).
import { query, request } from '../api.ts';

export type DirectoryClinic = {
  id: string;
  name: string;
  address: string;
  city: string;
  state: string;
  zip: string;
  phone: string | null;
  website: string | null;
  services: { id: string; label: string }[];
  accreditations: string[];
  latitude: number;
  longitude: number;
};

export type ImportPreview = {
  valid: number;
  invalid: number;
  errors: { line: number; field: string; message: string }[];
  sample: { line: number; name: string; city: string; state: string; zip: string; services: string[] }[];
};

export const directoryApi = {
  list: (limit = 100, offset = 0) =>
    request<{ total: number; items: DirectoryClinic[] }>('GET', `/directory${query({ limit, offset })}`),
  preview: (csv: string) => request<ImportPreview>('POST', '/directory/preview', { body: { csv } }),
  import: (csv: string, mode: 'replace' | 'append') =>
    request<{ imported: number; removed: number; total: number }>('POST', '/directory/import', {
      body: { csv, mode },
    }),
};
