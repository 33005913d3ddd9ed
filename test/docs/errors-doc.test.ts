import { describe, expect, it } from 'vitest'
import { collectErrorCodes, documentedCodes } from './error-codes.js'

/** docs/errors.md is the one place a provider's engineer looks a code up: it must list every code, and only those. */
describe('docs/errors.md', () => {
  it('documents every error and issue code the product can return', async () => {
    const codes = await collectErrorCodes()
    const documented = documentedCodes()
    const missing = [...codes.keys()].filter((c) => !documented.has(c)).sort()
    expect(missing, 'run `node --import tsx scripts/errors-doc.ts` and write the 处理办法').toEqual([])
  })

  it('lists no code that no longer exists', async () => {
    const codes = await collectErrorCodes()
    const stale = [...documentedCodes().keys()].filter((c) => !codes.has(c)).sort()
    expect(stale).toEqual([])
  })

  it('gives every code an explanation and a remedy', () => {
    for (const [code, line] of documentedCodes()) {
      const cells = line.split('|').map((c) => c.trim())
      expect(cells[2], code).not.toBe('')
      expect(cells[3], code).not.toBe('')
    }
  })
})
