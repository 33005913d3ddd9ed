import { describe, expect, it } from 'vitest'
import { canOpen, findScreen, homeFor, landingFor, menuFor, selectedMenu } from './registry'

describe('menus and guards by role', () => {
  it('gives each role its own menu, daily work first', () => {
    expect(menuFor('operator').map((m) => m.id)).toEqual(['catalog', 'providers', 'batches', 'quarantine', 'quality', 'subjects'])
    expect(menuFor('provider').map((m) => m.id)).toEqual(['upload', 'templates', 'batches', 'quarantine', 'quality', 'catalog'])
    expect(menuFor('supervisor').map((m) => m.id)).toEqual(['quality', 'batches', 'subjects', 'catalog'])
    expect(menuFor('provider').find((m) => m.id === 'quarantine')?.label).toBe('menu.rejects')
    expect(menuFor('operator').find((m) => m.id === 'quarantine')?.label).toBe('menu.quarantine')
  })

  it('lands each role on its first screen', () => {
    expect(homeFor('operator')).toBe('/catalog')
    expect(homeFor('provider')).toBe('/ingest/upload')
    expect(homeFor('supervisor')).toBe('/quality')
    expect(homeFor('enterprise')).toBe('/access/profile')
  })

  it('keeps read-only roles out of the quarantine and the providers screen', () => {
    expect(canOpen('supervisor', '/ingest/quarantine')).toBe(false)
    expect(canOpen('supervisor', '/ingest/batches')).toBe(true)
    expect(canOpen('provider', '/providers')).toBe(false)
    expect(canOpen('provider', '/subjects')).toBe(false)
    expect(canOpen('institution', '/catalog/administrative_penalty')).toBe(true)
  })

  it('returns after login to where the user was, if the role may be there', () => {
    expect(landingFor('operator', '/ingest/quarantine?batchId=abc')).toBe('/ingest/quarantine?batchId=abc')
    expect(landingFor('provider', '/providers')).toBe('/ingest/upload')
    expect(landingFor('operator', '//evil.example/x')).toBe('/catalog')
    expect(landingFor('operator', 'https://evil.example/')).toBe('/catalog')
    expect(landingFor('operator', '/login?next=/x')).toBe('/catalog')
    expect(landingFor('operator', null)).toBe('/catalog')
  })

  it('matches detail paths and highlights their list in the menu', () => {
    expect(findScreen('/catalog/administrative_penalty')?.params).toEqual({ itemKey: 'administrative_penalty' })
    expect(selectedMenu('/catalog/administrative_penalty')).toBe('catalog')
    expect(selectedMenu('/ingest/batches/')).toBe('batches')
    expect(findScreen('/nowhere')).toBeNull()
  })
})
