import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { pathToFileURL } from 'node:url'

export interface KnownCode {
  code: string
  zh: string
  type: string
  source: string
}

const ROOT = join(import.meta.dirname, '..', '..')

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f)
    return statSync(p).isDirectory() ? walk(p) : p.endsWith('.ts') && !p.endsWith('.test.ts') ? [p] : []
  })
}

/** Issue codes written as literals (field, code-check and record issues, HTTP problems). */
const LITERAL = /['"]((?:FIELD|USCC|ID_NUMBER|RECORD)_[A-Z0-9_]+|REQUEST_INVALID|NOT_FOUND|INTERNAL|DISCARDED)['"]/g

/**
 * Every error and issue code the product can answer with: the `defineErrors` catalogues of every `*.errors.ts`
 * (loaded, so their prefixes are applied), and the issue codes written as literals in the source.
 */
export async function collectErrorCodes(): Promise<Map<string, KnownCode>> {
  const codes = new Map<string, KnownCode>()
  for (const file of walk(join(ROOT, 'src'))) {
    const rel = relative(ROOT, file)
    if (file.endsWith('.errors.ts')) {
      const mod = (await import(pathToFileURL(file).href)) as Record<string, { specs?: Record<string, { type: string; zh: string }> }>
      for (const value of Object.values(mod)) {
        for (const [code, spec] of Object.entries(value?.specs ?? {})) codes.set(code, { code, zh: spec.zh, type: spec.type, source: rel })
      }
      continue
    }
    for (const m of readFileSync(file, 'utf8').matchAll(LITERAL)) {
      const code = m[1]!
      if (!codes.has(code)) codes.set(code, { code, zh: '', type: 'issue', source: rel })
    }
  }
  return codes
}

/** The codes listed in docs/errors.md (first column of its tables). */
export function documentedCodes(): Map<string, string> {
  const text = readFileSync(join(ROOT, 'docs', 'errors.md'), 'utf8')
  const out = new Map<string, string>()
  for (const line of text.split('\n')) {
    const m = /^\| `([A-Z][A-Z0-9_]+)` \|/.exec(line)
    if (m) out.set(m[1]!, line)
  }
  return out
}
