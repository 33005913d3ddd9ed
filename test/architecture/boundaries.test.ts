import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { checkBoundaries, typeOnlySpecifiers, type BoundaryViolation } from '../../scripts/boundaries.js'

const CONFIG = join(import.meta.dirname, '..', '..', '.dependency-cruiser.cjs')

/** A small product tree: every file a few lines, each breaking (or keeping) one rule of .dependency-cruiser.cjs. */
async function tree(files: Record<string, string>): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'xinshu-boundaries-test-'))
  for (const [path, text] of Object.entries(files)) {
    await mkdir(dirname(join(root, path)), { recursive: true })
    await writeFile(join(root, path), text)
  }
  return root
}

const CLEAN = {
  'src/core/index.ts': "export { sealed } from './crypto.js'\n",
  'src/core/crypto.ts': 'export const sealed = (s: string) => `*${s}`\n',
  'src/access/index.ts': "export { grantOf, type Grant } from './grant.repository.js'\n",
  'src/access/grant.repository.ts': "import { sealed } from '../core/index.js'\nexport interface Grant { id: string }\nexport const grantOf = (id: string): Grant => ({ id: sealed(id) })\n",
  'src/records/profile.service.ts': "import { grantOf, type Grant } from '../access/index.js'\nexport const profile = (id: string): Grant => grantOf(id)\n",
  'src/records/index.ts': "export { profile } from './profile.service.js'\n",
  'src/app/index.ts': "import { profile } from '../records/index.js'\nexport const x = { profile }\n",
  // a cycle inside one context is that context's business
  'src/records/sections.ts': "import { order } from './order.js'\nexport const sections = () => order()\n",
  'src/records/order.ts': "import { sections } from './sections.js'\nexport const order = () => [sections]\n",
}

describe('the module boundary check (npm run lint:deps)', () => {
  const roots: string[] = []
  let clean: BoundaryViolation[]
  let broken: BoundaryViolation[]
  const of = (rule: string) => broken.filter((v) => v.rule === rule)

  beforeAll(async () => {
    const cleanRoot = await tree(CLEAN)
    const brokenRoot = await tree({
      ...CLEAN,
      // a deep import into another context, and one that is only for a type
      'src/records/profile.service.ts': "import { grantOf } from '../access/grant.repository.js'\nexport const profile = (id: string) => grantOf(id)\n",
      'src/verification/verification.service.ts': "import type { Grant } from '../access/grant.repository.js'\nexport const ok = (g: Grant) => !!g\n",
      // core reaching up, catalog reaching sideways, a route reaching for the whole product, product code reaching into test/
      'src/core/config.ts': "import { profile } from '../records/index.js'\nexport const c = profile\n",
      'src/catalog/item-template.ts': "import { profile } from '../records/index.js'\nexport const t = profile\n",
      'src/stats/stats.routes.ts': "import type { x } from '../app/index.js'\nexport const routes = (s: typeof x) => s\n",
      'src/reports/report.service.ts': "import { firm } from '../../test/factory.js'\nexport const r = firm\n",
      'test/factory.ts': "export const firm = 'a firm'\n",
      // two contexts whose indexes import each other at run time; and two that only share types
      'src/audit/index.ts': "import { b } from '../ledger/index.js'\nexport const a = () => b\n",
      'src/ledger/index.ts': "import { a } from '../audit/index.js'\nexport const b = () => a\n",
      'src/alpha/index.ts': "import type { Beta } from '../beta/index.js'\nexport interface Alpha { beta?: Beta }\nexport const alpha = 1\n",
      'src/beta/index.ts': "import { alpha } from '../alpha/index.js'\nexport interface Beta { n: number }\nexport const beta = alpha\n",
    })
    roots.push(cleanRoot, brokenRoot)
    clean = await checkBoundaries(cleanRoot, CONFIG)
    broken = await checkBoundaries(brokenRoot, CONFIG)
  }, 120_000)

  afterAll(async () => {
    for (const r of roots) await rm(r, { recursive: true, force: true })
  })

  it('passes a tree whose contexts meet only at their index.ts (and whose one cycle stays inside a context)', () => {
    expect(clean).toEqual([])
  })

  it('names the file that imports another context past its index.ts, for values and for types alike', () => {
    expect(of('context-door').map((v) => `${v.from} → ${v.to}`).sort()).toEqual([
      'src/records/profile.service.ts → src/access/grant.repository.ts',
      'src/verification/verification.service.ts → src/access/grant.repository.ts',
    ])
  })

  it('refuses upward imports: core importing the product, catalog importing a context, routes importing app, src importing test', () => {
    expect(of('core-imports-nothing').map((v) => v.from)).toEqual(['src/core/config.ts'])
    expect(of('catalog-registry-only-core').map((v) => v.from)).toEqual(['src/catalog/item-template.ts'])
    expect(of('routes-not-app').map((v) => v.from)).toEqual(['src/stats/stats.routes.ts'])
    expect(of('no-upward-from-contexts').map((v) => v.from)).toEqual(['src/stats/stats.routes.ts'])
    expect(of('src-not-test').map((v) => `${v.from} → ${v.to}`)).toEqual(['src/reports/report.service.ts → test/factory.ts'])
  })

  it('refuses a run-time import cycle between contexts, and lets one made only of type imports be', () => {
    const cycles = of('no-context-cycles')
    expect(cycles.length).toBeGreaterThan(0)
    for (const c of cycles) expect(c.to).toMatch(/src\/(audit|ledger)\/index\.ts → .*src\/(audit|ledger)\/index\.ts/)
    expect(broken.filter((v) => /alpha|beta/.test(v.from))).toEqual([])
  })

  it('says why, with the comment of the rule', () => {
    expect(of('context-door')[0]!.comment).toMatch(/index\.ts/)
  })
})

describe('typeOnlySpecifiers', () => {
  it('finds the imports that esbuild erases: import type, export type, all-type named imports and import() types', () => {
    const source = [
      "import type { A } from './a.js'",
      "import { type B, type C as D } from './b.js'",
      "import { type E, f } from './e.js'",
      "export type { G } from './g.js'",
      "export type * from './h.js'",
      "type I = typeof import('./i.js').I",
    ].join('\n')
    expect(typeOnlySpecifiers(source).sort()).toEqual(['./a.js', './b.js', './g.js', './h.js', './i.js'])
  })
})
