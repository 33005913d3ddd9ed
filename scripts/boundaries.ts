/**
 * `npm run lint:deps`: checks the module boundaries of src/ against `.dependency-cruiser.cjs` (see docs/architecture.md).
 *
 * dependency-cruiser cannot parse TypeScript here (its TypeScript support needs the compiler's JavaScript API, which
 * TypeScript 7 no longer ships, and its CLI refuses Node 20), so this script transpiles src/ and test/ with esbuild
 * into a temporary folder, file by file with the same paths, and runs dependency-cruiser's API on the copy. esbuild
 * drops type-only imports; each is kept as a call `__typeImport('…')`, which the config names an exotic require, so
 * the door and layer rules see type imports too, and the cycle rule can tell them from imports that run.
 *
 * @example
 * const violations = await checkBoundaries(process.cwd())
 * // [{ rule: 'context-door', from: 'src/records/profile.service.ts', to: 'src/access/grant.repository.ts', comment: '…' }]
 */
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { transform } from 'esbuild'
import { cruise, type IConfiguration, type ICruiseResult } from 'dependency-cruiser'

export interface BoundaryViolation {
  rule: string
  /** The importing file, as in the source tree (`.ts`/`.tsx`). */
  from: string
  /** The imported file, or for a cycle the modules around it joined by ' → '. */
  to: string
  comment: string
}

const TYPE_ONLY = [
  /^\s*import\s+type\s+[^;]*?\sfrom\s*['"]([^'"]+)['"]/gm,
  /^\s*export\s+type\s+(?:\{[^}]*\}|\*(?:\s+as\s+\w+)?)\s*from\s*['"]([^'"]+)['"]/gm,
  // import { type A, type B } from '…': every name a type, so esbuild drops the whole statement
  /^\s*import\s*\{((?:\s*type\s+[\w$]+(?:\s+as\s+[\w$]+)?\s*,?)+)\}\s*from\s*['"]([^'"]+)['"]/gm,
  /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g,
]

/** The specifiers a file imports only for types (which esbuild erases). */
export function typeOnlySpecifiers(source: string): string[] {
  const found = new Set<string>()
  for (const re of TYPE_ONLY) for (const m of source.matchAll(re)) found.add(m[m.length - 1]!)
  return [...found]
}

async function listFiles(dir: string): Promise<string[]> {
  if (!existsSync(dir)) return []
  const out: string[] = []
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name)
    if (e.isDirectory()) out.push(...(await listFiles(p)))
    else out.push(p)
  }
  return out
}

/** Copies `root/src` and `root/test` into `into`, TypeScript transpiled to JavaScript at the same path. */
async function transpileTree(root: string, into: string): Promise<void> {
  for (const folder of ['src', 'test']) {
    for (const file of await listFiles(join(root, folder))) {
      const rel = relative(root, file)
      const target = join(into, rel)
      await mkdir(dirname(target), { recursive: true })
      const ts = /\.(ts|tsx|mts)$/.exec(rel)
      if (!ts || rel.endsWith('.d.ts')) {
        if (/\.(js|mjs|cjs|json)$/.test(rel)) await cp(file, target)
        continue
      }
      const source = await readFile(file, 'utf8')
      const { code } = await transform(source, {
        loader: ts[1] === 'tsx' ? 'tsx' : 'ts', format: 'esm', target: 'es2022', jsx: 'preserve',
        tsconfigRaw: { compilerOptions: { verbatimModuleSyntax: true } },
      })
      const typeImports = typeOnlySpecifiers(source).map((s) => `__typeImport(${JSON.stringify(s)});`).join('\n')
      await writeFile(target.replace(/\.(ts|tsx|mts)$/, '.js'), `${code}\n${typeImports}\n`)
    }
  }
}

/** `src/a/b.js` of the copy → the source file it came from. */
function sourcePath(root: string, p: string): string {
  const base = p.replace(/\.js$/, '')
  for (const ext of ['.ts', '.tsx', '.mts', '.js', '.mjs']) if (existsSync(join(root, base + ext))) return base + ext
  return p
}

/** Runs the rules of `configPath` (default: `root/.dependency-cruiser.cjs`) on `root/src`. */
export async function checkBoundaries(root: string, configPath = join(root, '.dependency-cruiser.cjs')): Promise<BoundaryViolation[]> {
  const config = createRequire(import.meta.url)(configPath) as IConfiguration
  const work = await mkdtemp(join(tmpdir(), 'xinshu-boundaries-'))
  try {
    await transpileTree(root, work)
    const result = await cruise(['src'], {
      ...config.options, baseDir: work, validate: true, ruleSet: { forbidden: config.forbidden ?? [] },
      exoticRequireStrings: ['__typeImport'],
    })
    const output = result.output as ICruiseResult
    return output.summary.violations.map((v) => ({
      rule: v.rule.name,
      from: sourcePath(root, v.from),
      to: v.cycle ? v.cycle.map((c) => sourcePath(root, typeof c === 'string' ? c : c.name)).join(' → ') : sourcePath(root, v.to),
      comment: config.forbidden?.find((r) => r.name === v.rule.name)?.comment ?? '',
    }))
  } finally {
    await rm(work, { recursive: true, force: true })
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const root = process.cwd()
  const violations = await checkBoundaries(root)
  for (const v of violations) console.error(`✗ ${v.rule}: ${v.from} → ${v.to}\n    ${v.comment}`)
  if (violations.length) {
    console.error(`\n${violations.length} boundary violation(s); the rules are in .dependency-cruiser.cjs, explained in docs/architecture.md.`)
    process.exit(1)
  }
  console.log('module boundaries: ok')
}
