/**
 * Lighthouse 12.2.3 (mobile preset: simulated slow 4G and a 4x slower CPU) against the public site,
 * on Debian's chromium; plus the size of the JavaScript public pages load, gzipped.
 *
 *   npx tsx bench/lighthouse.ts
 *
 * Exits 1 when a page scores below performance 95 or accessibility 100, or public JS exceeds 30 KB.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { freePort, startServer } from './server.ts';

const PAGES = ['/', '/treatment', '/self-check'];
const MIN_PERFORMANCE = 95;
const MIN_ACCESSIBILITY = 100;
const MAX_PUBLIC_JS_GZIP_BYTES = 30 * 1024;

const dataDir = await mkdtemp(path.join(os.tmpdir(), 'ketaflow-lighthouse-'));
const server = await startServer(dataDir, await freePort());
const chrome = await chromeLauncher.launch({
  chromePath: '/usr/bin/chromium',
  userDataDir: await mkdtemp(path.join(os.tmpdir(), 'ketaflow-chromium-')),
  chromeFlags: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-dev-shm-usage',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
  ],
});

let failed = false;
const rows: string[] = [];
try {
  // Warm the server (first requests bundle the self-check script and read the content).
  for (const page of PAGES) await fetch(`${server.base}${page}`);

  for (const page of PAGES) {
    const result = await lighthouse(`${server.base}${page}`, {
      port: chrome.port,
      output: 'json',
      logLevel: 'error',
      onlyCategories: ['performance', 'accessibility'],
    });
    const lhr = result?.lhr;
    if (!lhr) throw new Error(`no Lighthouse result for ${page}`);
    const performance = Math.round((lhr.categories.performance?.score ?? 0) * 100);
    const accessibility = Math.round((lhr.categories.accessibility?.score ?? 0) * 100);
    const metric = (id: string) => lhr.audits[id]?.displayValue ?? '-';
    rows.push(
      `| ${page} | ${performance} | ${accessibility} | ${metric('first-contentful-paint')} | ${metric('largest-contentful-paint')} | ${metric('total-blocking-time')} | ${metric('cumulative-layout-shift')} |`,
    );
    if (performance < MIN_PERFORMANCE || accessibility < MIN_ACCESSIBILITY) failed = true;
  }

  // Every script a public page can load: collect the same-origin script tags of each page.
  const scripts = new Set<string>();
  for (const page of [...PAGES, '/faq', '/depression', '/search']) {
    const html = await (await fetch(`${server.base}${page}`)).text();
    for (const m of html.matchAll(/<script[^>]*\ssrc="([^"]+)"/g)) if (m[1]) scripts.add(m[1]);
  }
  let gzipBytes = 0;
  for (const src of scripts) {
    gzipBytes += gzipSync(Buffer.from(await (await fetch(`${server.base}${src}`)).arrayBuffer())).length;
  }
  if (gzipBytes > MAX_PUBLIC_JS_GZIP_BYTES) failed = true;

  console.log('| page | performance | accessibility | FCP | LCP | TBT | CLS |');
  console.log('|---|---|---|---|---|---|---|');
  for (const row of rows) console.log(row);
  console.log(
    `\nPublic JavaScript: ${[...scripts].join(', ') || 'none'}; ${(gzipBytes / 1024).toFixed(1)} KB gzipped in total (limit 30 KB).`,
  );
} finally {
  await chrome.kill();
  server.child.kill('SIGTERM');
  await new Promise((resolve) => server.child.once('exit', resolve));
  await rm(dataDir, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
