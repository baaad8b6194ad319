import { createHash } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const HERE = path.dirname(fileURLToPath(import.meta.url));

export type PublicScript = { code: string; hash: string; gzipBytes: number };

const built = new Map<string, Promise<PublicScript>>();

/**
 * Bundles a browser entry of the site feature (with the domain code it imports) once per process:
 * esbuild ships with tsx, which the server already runs on, so no build step or vite config is needed.
 */
export function publicScript(entry: 'self-check-client.ts'): Promise<PublicScript> {
  let promise = built.get(entry);
  if (!promise) {
    promise = (async () => {
      const { build } = await import('esbuild');
      const result = await build({
        entryPoints: [path.join(HERE, entry)],
        bundle: true,
        minify: true,
        format: 'esm',
        target: 'es2020',
        write: false,
        legalComments: 'none',
      });
      const code = result.outputFiles[0]?.text ?? '';
      return {
        code,
        hash: createHash('sha256').update(code).digest('hex').slice(0, 12),
        gzipBytes: gzipSync(code).length,
      };
    })();
    built.set(entry, promise);
  }
  return promise;
}
