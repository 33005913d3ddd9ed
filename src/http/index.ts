/** The HTTP API (Fastify): `buildApp(x)` registers the plugins, then each context's routes. */
export { buildApp } from './app.js'
