import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

/** Unit tests of the web app's pure parts (formatting, menus, chart options): `npx vitest run --config web/vitest.config.ts`. */
export default defineConfig({
  root: fileURLToPath(new URL('..', import.meta.url)),
  oxc: { jsx: { runtime: 'automatic', importSource: 'react' } },
  test: { include: ['web/src/**/*.test.ts'], environment: 'node' },
})
