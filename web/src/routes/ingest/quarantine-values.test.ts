import { describe, expect, it } from 'vitest'
import type { CatalogField } from '../../api/types'
import { initialValues, issueHint, issuesByField, rawEntries, rawHeaders, resubmitValues } from './quarantine-values'
import { isLocalGovernment, itemsForProvider } from './provider-items'

const fields: CatalogField[] = [
  { key: 'entity_name', name: '企业名称', type: 'string', sensitivity: 'public' },
  { key: 'uscc', name: '统一社会信用代码', type: 'uscc', sensitivity: 'public' },
  { key: 'fine_amount', name: '罚款金额', type: 'money', sensitivity: 'public' },
  { key: 'decision_date', name: '行政处罚决定日期', type: 'date', sensitivity: 'public' },
]

describe('correcting a quarantined record', () => {
  it('finds each field in the raw row by Chinese header, key or a loosely written header', () => {
    const v = initialValues(fields, { 企业名称: '宁夏某公司', uscc: '91640100MA76A1B2X0', '罚款金额（元）': 5000, ' 行政处罚决定日期 ': '2024-03-05', 其他: 'x' })
    expect(v).toEqual({ entity_name: '宁夏某公司', uscc: '91640100MA76A1B2X0', fine_amount: '', decision_date: '2024-03-05' })
    expect(initialValues(fields, { 罚款金额: 5000 }).fine_amount).toBe('5000')
  })

  it('shows the raw row in the item\'s field order, unknown columns last', () => {
    const e = rawEntries({ 备注: 'x', decision_date: '2024-02-30', 企业名称: '宁夏某公司' }, { fields })
    expect(e.map((x) => [x.header, x.field?.key])).toEqual([['企业名称', 'entity_name'], ['decision_date', 'decision_date'], ['备注', undefined]])
  })

  it('sends only filled fields, trimmed, under the headers the provider used', () => {
    expect(resubmitValues({ entity_name: ' 宁夏某公司 ', uscc: '', fine_amount: undefined, decision_date: '2024-03-05' })).toEqual({ entity_name: '宁夏某公司', decision_date: '2024-03-05' })
    const headers = rawHeaders(fields, { 企业名称: 'x', uscc: 'y', ' 罚款 金额 ': 1 })
    expect([...headers]).toEqual([['entity_name', '企业名称'], ['uscc', 'uscc'], ['fine_amount', ' 罚款 金额 ']])
    expect(resubmitValues({ entity_name: '宁夏某公司', uscc: '91', fine_amount: '5', decision_date: '2024-03-05' }, headers)).toEqual({
      企业名称: '宁夏某公司', uscc: '91', ' 罚款 金额 ': '5', decision_date: '2024-03-05',
    })
  })

  it('groups reasons by field and shortens them for the field hint', () => {
    const issues = [
      { field: 'uscc', code: 'USCC_CHECK_DIGIT', zh: '统一社会信用代码(uscc)：校验位错误', en: '' },
      { field: '*', code: 'RECORD_NO_SUBJECT', zh: '无法确定信用主体', en: '' },
    ]
    const m = issuesByField(issues)
    expect(m.get('uscc')?.length).toBe(1)
    expect(m.get('*')?.[0]?.code).toBe('RECORD_NO_SUBJECT')
    expect(issueHint(issues[0]!)).toBe('校验位错误')
    expect(issueHint(issues[1]!)).toBe('无法确定信用主体')
  })
})

describe('which items a provider may deliver', () => {
  const catalog = {
    version: 1, label: '2022', title: '',
    categories: [{ no: 1, key: 'c', name: 'c', items: [
      { key: 'own', name: '', shareMethod: 'api' as const, shareMethodZh: '', responsibleUnits: ['自治区市场监管厅'], fieldCount: 1, frequency: null, sensitivities: [] },
      { key: 'depts', name: '', shareMethod: 'api' as const, shareMethodZh: '', responsibleUnits: ['自治区发展改革委', '各有关部门（单位）'], fieldCount: 1, frequency: null, sensitivities: [] },
      { key: 'local', name: '', shareMethod: 'api' as const, shareMethodZh: '', responsibleUnits: ['各市、县（区）'], fieldCount: 1, frequency: null, sensitivities: [] },
      { key: 'other', name: '', shareMethod: 'api' as const, shareMethodZh: '', responsibleUnits: ['宁夏税务局'], fieldCount: 1, frequency: null, sensitivities: [] },
    ] }],
  }
  it('own items, and those the list gives to 各有关部门 or (for cities and counties) 各市、县', () => {
    const a = itemsForProvider(catalog, '自治区市场监管厅')
    expect([...a.own]).toEqual(['own'])
    expect([...a.shared]).toEqual(['depts'])
    const b = itemsForProvider(catalog, '银川市行政审批服务局')
    expect([...b.shared]).toEqual(['depts', 'local'])
  })
  it('tells local governments from regional departments', () => {
    expect(isLocalGovernment('银川市行政审批服务局')).toBe(true)
    expect(isLocalGovernment('永宁县市场监管局')).toBe(true)
    expect(isLocalGovernment('宁东能源化工基地管委会')).toBe(true)
    expect(isLocalGovernment('自治区市场监管厅')).toBe(false)
    expect(isLocalGovernment('宁夏税务局')).toBe(false)
  })
})
