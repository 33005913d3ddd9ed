import { describe, expect, it } from 'vitest'
import { fillPath, GET, POST } from './routes'

describe('route map', () => {
  it('fills each placeholder with its value, URL-encoded', () => {
    expect(fillPath('/api/subjects/{code}/profile', { code: 'N:宁夏 枸杞/合作社' })).toBe('/api/subjects/N%3A%E5%AE%81%E5%A4%8F%20%E6%9E%B8%E6%9D%9E%2F%E5%90%88%E4%BD%9C%E7%A4%BE/profile')
    expect(fillPath('/api/ingest/quarantine/{batchId}/{position}/resubmit', { batchId: 'b-1', position: 0 })).toBe('/api/ingest/quarantine/b-1/0/resubmit')
    expect(fillPath('/api/grants', undefined)).toBe('/api/grants')
  })

  it('refuses to call a path with a placeholder left empty', () => {
    expect(() => fillPath('/api/grants/{id}', {})).toThrow(/missing path parameter id/)
    expect(() => fillPath('/api/grants/{id}', { id: '' })).toThrow(/missing path parameter id/)
  })

  it('writes paths as the OpenAPI document does', () => {
    for (const path of [...Object.keys(GET), ...Object.keys(POST)]) expect(path).toMatch(/^\/(api|verify)(\/([\w.-]+|\{\w+\}))*$/)
  })
})
