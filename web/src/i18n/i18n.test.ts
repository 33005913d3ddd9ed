import { describe, expect, it } from 'vitest'
import zhCN from './zh-CN.json'
import { messageGroup, t, tDynamic } from '.'

describe('t()', () => {
  it('looks texts up by screen and fills placeholders', () => {
    expect(t('menu.quarantine')).toBe('隔离区')
    expect(t('common.total', { total: '1,234' })).toBe('共 1,234 条')
    expect(t('ingest.quarantine.drawerTitle', { position: 7 })).toBe('隔离记录 · 第 7 行')
  })

  it('falls back for keys built at run time', () => {
    expect(tDynamic('frequency.monthly', 'x')).toBe('每月')
    expect(tDynamic('frequency.hourly', 'hourly')).toBe('hourly')
  })

  it('lists a group', () => {
    expect(messageGroup('issues').USCC_CHECK_DIGIT).toBe('统一社会信用代码校验位错误')
  })

  it('names the financing plan of 宁政办发〔2022〕68号 in the footer, the document the hub is built on', () => {
    expect(t('app.footer')).toContain('宁政办发〔2022〕68号《建设宁夏信用信息共享应用体系促进中小微企业融资的实施方案》')
    expect(t('app.footer')).not.toContain('共享清单的通知')
  })

  it('has only Chinese-first, non-empty texts', () => {
    const walk = (o: unknown, path: string): string[] =>
      typeof o === 'string' ? (o.trim() ? [] : [path]) : Object.entries(o as object).flatMap(([k, v]) => walk(v, `${path}.${k}`))
    expect(walk(zhCN, '')).toEqual([])
  })
})
