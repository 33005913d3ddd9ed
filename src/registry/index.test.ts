import { describe, expect, it } from 'vitest'
import * as registry from './index.js'

describe('registry index', () => {
  it.each([
    'validateUscc',
    'buildUscc',
    'computeUsccCheckChar',
    'computeOrgCodeCheckChar',
    'validateIdNumber',
    'buildIdNumber',
    'computeIdCheckChar',
    'lookupDivision',
    'findDivisionByName',
    'isKnownProvincePrefix',
    'normalizeCodeInput',
  ])('re-exports the function %s', (name) => {
    expect(typeof (registry as Record<string, unknown>)[name]).toBe('function')
  })

  it.each(['NINGXIA_DIVISIONS', 'PROVINCES', 'USCC_AUTHORITIES', 'USCC_CHARSET', 'NATIONAL_REGISTRATION_DIVISION', 'TAIWAN_RESIDENCE_PERMIT_DIVISION'])(
    're-exports the constant %s',
    (name) => {
      expect((registry as Record<string, unknown>)[name]).toBeDefined()
    },
  )

  it('lets the demo-data generator build codes that the validators accept', () => {
    const uscc = registry.buildUscc({ authority: '9', entityType: '1', divisionCode: '640100', orgCodeBody: 'MA76A1B2' })
    const id = registry.buildIdNumber({ divisionCode: '640104', birthDate: '1985-07-15', sequence: 123 })
    expect(registry.validateUscc(uscc).ok).toBe(true)
    expect(registry.validateIdNumber(id).ok).toBe(true)
  })
})
