import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vite'

const root = fileURLToPath(new URL('.', import.meta.url))
const api = { '/api': { target: 'http://127.0.0.1:3000', changeOrigin: false } }

/**
 * The web app: `npx vite --config web/vite.config.ts` for development (API proxied to the server on :3000),
 * `npx vite build --config web/vite.config.ts` for web/dist, which the server serves at `/`.
 * No React plugin: Vite 8 transforms .tsx itself (oxc), with the automatic JSX runtime.
 */
export default defineConfig({
  root,
  base: '/',
  publicDir: 'public',
  // Pre-bundled dependencies of the dev server stay beside the app (web/.vite, gitignored).
  cacheDir: '.vite',
  oxc: { jsx: { runtime: 'automatic', importSource: 'react' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // antd and echarts are large; each screen is its own chunk, loaded when opened.
    chunkSizeWarningLimit: 1600,
    rolldownOptions: {
      // antd marks its modules "use client" (for React Server Components); meaningless in a SPA bundle.
      onwarn(warning, warn) {
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return
        warn(warning)
      },
    },
  },
  server: { host: '127.0.0.1', port: 5173, proxy: api },
  preview: { host: '127.0.0.1', port: 4173, proxy: api },
})
