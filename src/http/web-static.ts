import { existsSync, statSync } from 'node:fs'
import { join, normalize, resolve, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { FastifyInstance, FastifyReply } from 'fastify'
import fastifyStatic from '@fastify/static'

/** Where `npm run build:web` puts the web app. */
export const WEB_DIST = fileURLToPath(new URL('../../web/dist', import.meta.url))

/**
 * Serves the web app (web/dist) at `/`: its files as they are, and index.html for any other GET that is not under
 * /api, so the app's own routes (/ingest/quarantine?batchId=…) survive a reload or a shared link. Unknown /api paths
 * keep their 404 problem+json. Does nothing when the app has not been built.
 *
 * The routes declare a public policy (the auth hook refuses routes without one) and stay out of the OpenAPI document.
 */
export async function registerWebApp(app: FastifyInstance, opts: { root?: string } = {}): Promise<void> {
  const root = resolve(opts.root ?? WEB_DIST)
  if (!existsSync(join(root, 'index.html'))) return
  // serve: false — only the reply.sendFile decorator; the routes are ours, so they carry the policy.
  await app.register(fastifyStatic, { root, serve: false, decorateReply: true, index: false })

  const isApi = (url: string) => url === '/api' || url.startsWith('/api/') || url.startsWith('/api?')

  const sendIndex = (reply: FastifyReply) =>
    reply.header('cache-control', 'no-cache').sendFile('index.html', root, { cacheControl: false })

  app.get('/', { config: { policy: { public: true } }, schema: { hide: true } }, (_req, reply) => sendIndex(reply))

  app.get('/*', { config: { policy: { public: true } }, schema: { hide: true } }, (request, reply) => {
    let path: string
    try {
      path = decodeURIComponent(request.url.split('?')[0]!)
    } catch {
      return reply.callNotFound()
    }
    if (isApi(path) || path.includes('\0')) return reply.callNotFound()
    const rel = normalize(path).replace(/^([/\\])+/, '')
    const file = resolve(root, rel)
    if (rel && (file === root || file.startsWith(root + sep)) && existsSync(file) && statSync(file).isFile()) {
      // Vite names built assets by content hash: cache them for a year; everything else revalidates.
      const hashed = rel.startsWith(`assets${sep}`) || rel.startsWith('assets/')
      return reply.sendFile(rel, root, hashed ? { maxAge: '365d', immutable: true } : { cacheControl: false })
    }
    // A path with a file extension that is not there is a missing asset, not an app route.
    if (/\.[a-z0-9]{1,8}$/i.test(path) && !path.endsWith('.html')) return reply.callNotFound()
    return sendIndex(reply)
  })
}
