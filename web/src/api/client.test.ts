import { describe, expect, it } from 'vitest'
import { ApiError, errorMessage, filenameOf, isUnauthorized, withQuery } from './client'

describe('api client helpers', () => {
  it('builds query strings, leaving out empty values', () => {
    expect(withQuery('/api/ingest/batches', { provider: '宁夏税务局', itemKey: undefined, status: '', limit: 20, offset: 0 })).toBe(
      '/api/ingest/batches?provider=%E5%AE%81%E5%A4%8F%E7%A8%8E%E5%8A%A1%E5%B1%80&limit=20&offset=0',
    )
    expect(withQuery('/api/x', {})).toBe('/api/x')
  })

  it('reads the Chinese file name a server suggests', () => {
    expect(filenameOf(`attachment; filename="rejects.xlsx"; filename*=UTF-8''${encodeURIComponent('隔离记录.xlsx')}`)).toBe('隔离记录.xlsx')
    expect(filenameOf('attachment; filename="a.xlsx"')).toBe('a.xlsx')
    expect(filenameOf(null)).toBeUndefined()
  })

  it('shows the server\'s Chinese detail, never an object or a stack', () => {
    const e = new ApiError(403, { detail: '只能访问本单位的数据', detail_en: 'only your own', code: 'ACCESS_NOT_YOUR_DATA', title: '无权' })
    expect(errorMessage(e)).toBe('只能访问本单位的数据')
    expect(e.code).toBe('ACCESS_NOT_YOUR_DATA')
    expect(errorMessage(new ApiError(500, {}))).toBe('操作失败，请稍后重试或联系信用服务中心')
    expect(errorMessage(new TypeError('Failed to fetch'))).toBe('网络连接失败，请检查网络后重试')
    expect(errorMessage({ weird: true })).toBe('操作失败，请稍后重试或联系信用服务中心')
    expect(isUnauthorized(new ApiError(401, { detail: '登录已过期，请重新登录' }))).toBe(true)
    // A revocation's time, as the server writes it (ISO, UTC), is read out as a local date-time; the sentence stays.
    const revoked = errorMessage(new ApiError(403, { detail: '授权已于 2026-11-29T04:19:47.630Z 被企业撤销，查询被拒绝', code: 'GRANT_REVOKED' }))
    expect(revoked).toMatch(/^授权已于 \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} 被企业撤销，查询被拒绝$/)
  })
})
