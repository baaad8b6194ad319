import { defineConfig } from 'vitest/config';

// Browser tests: each file starts the real server (embedded PostgreSQL) and drives Debian's chromium.
export default defineConfig({
  test: {
    include: ['e2e/**/*.e2e.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
});
