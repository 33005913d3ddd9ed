/**
 * The module boundaries of src/ (issue 9), checked by `npm run lint:deps` (scripts/boundaries.ts) in `npm test`.
 * A context is a folder of src/. Paths are of the transpiled copy: `.js` stands for the `.ts`/`.tsx` source.
 * Type-only imports count for the door and layer rules; a cycle counts only when every step of it runs.
 * @type {import('dependency-cruiser').IConfiguration}
 */
const TEST = '\\.test\\.js$'
const PRODUCT_TOP = '^src/(app|http|cli|flows)/'

module.exports = {
  forbidden: [
    {
      name: 'context-door',
      severity: 'error',
      comment: 'Another context is entered only through its index.ts: import ../<ctx>/index.js, and export from that index what others need.',
      from: { path: '^src/(?!http/)([^/]+)/' },
      to: { path: '^src/[^/]+/', pathNot: ['^src/$1/', '^src/[^/]+/index\\.js$'] },
    },
    {
      name: 'http-door',
      severity: 'error',
      comment: 'The HTTP layer enters a context through its index.ts; it alone imports routes (*.routes.ts), to register them.',
      from: { path: '^src/(http)/', pathNot: '^src/http/api-types\\.js$' },
      to: { path: '^src/[^/]+/', pathNot: ['^src/$1/', '^src/[^/]+/index\\.js$', '\\.routes\\.js$'] },
    },
    {
      name: 'api-types-only-types',
      severity: 'error',
      comment: 'src/http/api-types.ts is the web app\'s view of the API: it names response types (from *.schemas.ts and *.types.ts) and imports nothing that runs.',
      from: { path: '^src/http/api-types\\.js$' },
      to: { path: '^src/(?!http/)', dependencyTypesNot: ['exotic-require'] },
    },
    {
      name: 'core-imports-nothing',
      severity: 'error',
      comment: 'core is the foundation: it imports no other folder of src.',
      from: { path: '^src/core/' },
      to: { path: '^src/(?!core/)' },
    },
    {
      name: 'catalog-registry-only-core',
      severity: 'error',
      comment: 'The sharing list and the subjects are what everything else builds on: catalog and registry import only core (their routes also read the caller through access).',
      from: { path: '^src/(catalog|registry)/', pathNot: [TEST, '\\.routes\\.js$'] },
      to: { path: '^src/(?!core/|$1/)' },
    },
    {
      name: 'catalog-registry-routes',
      severity: 'error',
      comment: 'The routes of catalog and registry may add access (principal, route policy) to core, nothing else.',
      from: { path: '^src/(catalog|registry)/[^/]+\\.routes\\.js$' },
      to: { path: '^src/(?!core/|access/|$1/)' },
    },
    {
      name: 'no-upward-from-contexts',
      severity: 'error',
      comment: 'A context does not import the layers above it: flows (cross-context work), app (wiring), http, cli. Tests may.',
      from: { path: '^src/', pathNot: [PRODUCT_TOP, TEST] },
      to: { path: PRODUCT_TOP },
    },
    {
      name: 'no-upward-from-flows',
      severity: 'error',
      comment: 'Flows sit on the contexts, under app, http and cli.',
      from: { path: '^src/flows/', pathNot: TEST },
      to: { path: '^src/(app|http|cli)/' },
    },
    {
      name: 'no-upward-from-app',
      severity: 'error',
      comment: 'app wires the services; the HTTP server and the CLI sit on it, not under it.',
      from: { path: '^src/app/', pathNot: TEST },
      to: { path: '^src/(http|cli)/' },
    },
    {
      name: 'http-not-cli',
      severity: 'error',
      comment: 'The HTTP server and the CLI are two front doors; the server does not import the CLI.',
      from: { path: '^src/http/', pathNot: TEST },
      to: { path: '^src/cli/' },
    },
    {
      name: 'routes-not-app',
      severity: 'error',
      comment: 'Routes get their services passed in (a <Name>RoutesServices type), never the whole product from app/.',
      from: { path: '\\.routes\\.js$' },
      to: { path: '^src/app/' },
    },
    {
      name: 'src-not-test',
      severity: 'error',
      comment: 'Product code does not import from test/ (fixtures live in test/fixtures).',
      from: { path: '^src/', pathNot: TEST },
      to: { path: '^test/' },
    },
    {
      name: 'no-context-cycles',
      severity: 'error',
      comment: 'No runtime import cycle may leave a context: through index.ts files such a cycle leaves top-level values undefined at start-up.',
      from: { path: '^src/([^/]+)/' },
      to: { circular: true, viaOnly: { dependencyTypesNot: ['exotic-require'] }, via: { pathNot: '^src/$1/' } },
    },
  ],
  options: {
    doNotFollow: { path: ['node_modules'] },
    exoticRequireStrings: ['__typeImport'],
  },
}
