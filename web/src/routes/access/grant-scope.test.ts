import { describe, expect, it } from 'vitest'
import type { Catalog } from '../../api/types'
import { covers, scopeNames, scopeOf, scopeTree, valuesOf } from './grant-scope'

const catalog: Catalog = {
  version: 1, label: '2022', title: '共享清单',
  categories: [
    {
      no: 3, key: 'taxation', name: '纳税信息',
      items: [
        { key: 'tax_payment', name: '纳税信息', shareMethod: 'api', shareMethodZh: '接口调用', responsibleUnits: ['宁夏税务局'], fieldCount: 8, frequency: null, sensitivities: ['public', 'restricted'] },
        { key: 'tax_arrears', name: '欠税信息', shareMethod: 'api', shareMethodZh: '接口调用', responsibleUnits: ['宁夏税务局'], fieldCount: 5, frequency: null, sensitivities: ['public', 'restricted'] },
      ],
    },
    {
      no: 1, key: 'market_registration', name: '市场主体登记信息',
      items: [{ key: 'business_license', name: '营业执照信息', shareMethod: 'table', shareMethodZh: '库表', responsibleUnits: ['自治区市场监管厅'], fieldCount: 12, frequency: 'weekly', sensitivities: ['public'] }],
    },
  ],
}

describe('grant scope (授权范围)', () => {
  it('keeps a category and an item of the same name apart', () => {
    const tree = scopeTree(catalog)
    expect(tree[0]).toMatchObject({ value: 'c:taxation', title: '3. 纳税信息', restricted: true })
    expect(tree[0]!.children![0]).toMatchObject({ value: 'i:tax_payment', title: '纳税信息', restricted: true })
    expect(tree[1]!.children![0]!.restricted).toBe(false)
  })

  it('turns checked tree values into the API\'s categories and items, and back', () => {
    expect(scopeOf(['c:taxation', 'i:business_license', 'i:business_license'])).toEqual({ categories: ['taxation'], items: ['business_license'] })
    expect(scopeOf([])).toEqual({ categories: [], items: [] })
    expect(valuesOf({ categories: ['taxation'], items: ['tax_payment'] })).toEqual(['c:taxation', 'i:tax_payment'])
    expect(scopeOf(valuesOf({ categories: ['taxation'], items: ['tax_payment'] }))).toEqual({ categories: ['taxation'], items: ['tax_payment'] })
  })

  it('names a scope in Chinese, whole categories marked', () => {
    expect(scopeNames(catalog, { categories: ['taxation'], items: ['business_license', 'unknown_item'] }, (n) => `${n}（整类）`)).toEqual(['纳税信息（整类）', '营业执照信息', 'unknown_item'])
  })

  it('covers an item directly or through its category, as the server decides', () => {
    expect(covers({ categories: ['taxation'] }, 'tax_arrears', 'taxation')).toBe(true)
    expect(covers({ items: ['tax_payment'] }, 'tax_arrears', 'taxation')).toBe(false)
  })
})
