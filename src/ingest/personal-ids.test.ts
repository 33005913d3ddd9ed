import { describe, expect, it } from 'vitest'
import { isSealed, unseal } from '../core/index.js'
import { maskIdentifier } from '../access/index.js'
import { buildIdNumber } from '../registry/index.js'
import { maskSealedIds, maskSealedText, sealPersonalIds, unsealText } from './personal-ids.js'

const KEY = Buffer.alloc(16, 9)
const ID = buildIdNumber({ divisionCode: '640104', birthDate: '1985-03-12', sequence: 123 })

describe('personal IDs in quarantined rows', () => {
  it('seals a cell that is an ID number, and one written inside longer text or nested values', () => {
    const sealed = sealPersonalIds({ id: ` ${ID} `, line: `张三,${ID},银川`, nested: { list: [ID] }, n: 42, code: '91640106MA76XQ0A1X' }, KEY)
    expect(isSealed(sealed.id)).toBe(true)
    expect(unseal(KEY, sealed.id as string)).toBe(ID)
    expect(JSON.stringify(sealed)).not.toContain(ID)
    expect(sealed.n).toBe(42)
    expect(sealed.code).toBe('91640106MA76XQ0A1X')
    expect(unsealText(sealed.line as string, KEY)).toBe(`张三,${ID},银川`)
  })

  it('shows sealed values masked, wherever they are, and opens text shown masked again', () => {
    const sealed = sealPersonalIds({ id: ID, line: `张三,${ID},银川`, nested: { list: [ID] } }, KEY)
    const shown = maskSealedIds(sealed, KEY)
    expect(shown).toEqual({ id: maskIdentifier(ID), line: `张三,${maskIdentifier(ID)},银川`, nested: { list: [maskIdentifier(ID)] } })
    expect(maskSealedText('没有证件号', KEY)).toBe('没有证件号')
    expect(maskSealedText('sm4:not-really-sealed', KEY)).toBe('sm4:not-really-sealed')
  })
})
