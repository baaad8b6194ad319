import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PERMISSIONS } from '../src/server/http/permissions.ts';

// The web app may not import server code, so it keeps its own list of permission names; this keeps
// the two from drifting apart (a missing name would otherwise be cast around, unchecked).
describe('web/src/permissions.ts', () => {
  it('names exactly the permissions the server has', () => {
    const source = fs.readFileSync(new URL('../web/src/permissions.ts', import.meta.url), 'utf8');
    const union = source.slice(
      source.indexOf('export type Permission ='),
      source.indexOf(';', source.indexOf('export type Permission =')),
    );
    const names = [...union.matchAll(/'([a-z]+:[a-z]+)'/g)].map((m) => m[1]);
    expect(names.sort()).toEqual(Object.keys(PERMISSIONS).sort());
  });
});
