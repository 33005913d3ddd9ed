import { configDefaults, defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'web/src/**/*.test.ts'],
    // The browser story has its own config and runs after the web app is built (npm run test:e2e).
    exclude: [...configDefaults.exclude, 'test/e2e/**'],
    // Each test file opens its own databases (an in-memory PGlite, a fresh PostgreSQL database); two cores only.
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    env: {
      TEST_DATABASE_URL: process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
    },
  },
})
