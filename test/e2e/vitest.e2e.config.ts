import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

/**
 * End-to-end tests: the real server in-process on a fresh database, driven through the built web app (web/dist) by
 * Debian's Chromium. `npm run build:web && npx vitest run --config test/e2e/vitest.e2e.config.ts`.
 */
export default defineConfig({
  root: fileURLToPath(new URL('../..', import.meta.url)),
  test: {
    include: ['test/e2e/**/*.e2e.test.ts'],
    testTimeout: 180_000,
    hookTimeout: 180_000,
    maxWorkers: 1,
    fileParallelism: false,
    env: { XINSHU_E2E: '1' },
  },
})
