import { describe, expect, it } from 'vitest'
import { formatLag } from './lag'

describe('formatLag', () => {
  it('says how far behind a platform is in the largest whole unit', () => {
    expect(formatLag(0)).toBe('0 秒')
    expect(formatLag(59)).toBe('59 秒')
    expect(formatLag(61)).toBe('1 分钟')
    expect(formatLag(3 * 3600 + 5)).toBe('3 小时')
    expect(formatLag(2 * 86_400 + 10)).toBe('2 天')
    expect(formatLag(null)).toBe('从未拉取')
  })
})
