/** Prints the role → permission table of docs/security.md from the code: `npx tsx scripts/permission-matrix.ts`. */
import { PERMISSIONS, ROLE_PERMISSIONS, ROLES } from '../src/server/http/permissions.ts';

const lines = [
  `| permission | meaning | ${ROLES.join(' | ')} |`,
  `| --- | --- | ${ROLES.map(() => ':---:').join(' | ')} |`,
  ...Object.entries(PERMISSIONS).map(
    ([permission, meaning]) =>
      `| \`${permission}\` | ${meaning} | ${ROLES.map((r) => (ROLE_PERMISSIONS[r].includes(permission as never) ? '✓' : '')).join(' | ')} |`,
  ),
];
process.stdout.write(`${lines.join('\n')}\n`);
