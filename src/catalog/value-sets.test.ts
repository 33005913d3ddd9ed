import { describe, expect, it } from 'vitest'
import catalogJson from '../../data/catalog/credit-catalog.json' with { type: 'json' }
import valueSetsJson from '../../data/catalog/value-sets.json' with { type: 'json' }
import type { CatalogDocument } from './catalog.types.js'
import { normaliseEnumKey, toHalfWidth } from './normalise.js'
import { compileValueSets, getValueSet, lookupEnum, valueSets } from './value-sets.js'

const catalog = catalogJson as unknown as CatalogDocument

const enumFields = catalog.categories.flatMap((category) =>
  category.items.flatMap((item) =>
    item.fields.filter((field) => field.type === 'enum').map((field) => ({ itemKey: item.key, field })),
  ),
)

describe('value-sets.json against the catalog', () => {
  it('finds enum fields in the catalog at all', () => {
    expect(enumFields.length).toBeGreaterThanOrEqual(35)
  })

  it.each(enumFields.map(({ itemKey, field }) => [`${itemKey}.${field.key}`, itemKey, field.key] as const))(
    'has a value set for the enum field %s',
    (_name, itemKey, fieldKey) => {
      const set = getValueSet(fieldKey, itemKey)
      expect(set, `${itemKey}.${fieldKey} has no value set`).toBeDefined()
      expect(set?.values.length).toBeGreaterThan(0)
    },
  )

  it('has no set whose key names no enum field of the catalog', () => {
    const fieldKeys = new Set(enumFields.map(({ field }) => field.key))
    const itemFieldKeys = new Set(enumFields.map(({ itemKey, field }) => `${itemKey}.${field.key}`))
    const stray = valueSets.keys.filter((key) => (key.includes('.') ? !itemFieldKeys.has(key) : !fieldKeys.has(key)))
    expect(stray).toEqual([])
  })

  it('declares onUnknown as quarantine or warn for every set', () => {
    for (const key of valueSets.keys) {
      const [itemKey, fieldKey] = key.includes('.') ? key.split('.') : [undefined, key]
      const set = getValueSet(fieldKey ?? key, itemKey)
      expect(['quarantine', 'warn']).toContain(set?.onUnknown)
    }
  })

  it('compiles the shipped file without collisions (an alias never maps to two codes)', () => {
    expect(() => compileValueSets(valueSetsJson)).not.toThrow()
  })

  it.each([
    ['registration_status', 'quarantine'],
    ['branch_registration_status', 'quarantine'],
    ['tax_credit_grade', 'quarantine'],
    ['legal_representative_id_type', 'quarantine'],
    ['counterparty_category', 'quarantine'],
    ['credit_grade', 'quarantine'],
    ['patent_type', 'quarantine'],
    ['performance_status', 'quarantine'],
    ['nice_class', 'quarantine'],
    ['license_status', 'quarantine'],
    ['pension_avg_monthly_insured_band_last_12_months', 'quarantine'],
    ['pension_avg_monthly_employer_contribution_band_last_12_months', 'quarantine'],
    ['industry_category', 'warn'],
    ['change_item', 'warn'],
    ['license_category', 'warn'],
    ['usage', 'warn'],
    ['enterprise_type', 'warn'],
    ['tax_type', 'warn'],
  ])('treats unknown values of %s as %s', (fieldKey, onUnknown) => {
    expect(getValueSet(fieldKey)?.onUnknown).toBe(onUnknown)
  })
})

describe('lookupEnum', () => {
  it.each([
    // field, item, raw, code
    ['tax_credit_grade', undefined, 'A', 'A'],
    ['tax_credit_grade', undefined, 'a', 'A'],
    ['tax_credit_grade', undefined, 'Ａ', 'A'],
    ['tax_credit_grade', undefined, 'M级', 'M'],
    ['tax_credit_grade', undefined, 'd 级', 'D'],
    ['registration_status', undefined, '存续（在营、开业、在册）', '存续'],
    ['registration_status', undefined, '存续(在营、开业、在册)', '存续'],
    ['registration_status', undefined, '在业', '在业'],
    ['registration_status', undefined, '吊销，未注销', '吊销'],
    ['registration_status', undefined, '吊销,未注销', '吊销'],
    ['registration_status', undefined, '已注销', '注销'],
    ['branch_registration_status', 'branch_office', '迁出', '迁出'],
    ['enterprise_type', undefined, '有限责任公司(自然人投资或控股)', '有限责任公司（自然人投资或控股）'],
    ['enterprise_type', undefined, '中外合资经营企业', '有限责任公司（中外合资）'],
    ['enterprise_type', undefined, '个体户', '个体工商户'],
    ['counterparty_category', 'administrative_penalty', '法人及其他组织', '法人及非法人组织'],
    ['counterparty_category', 'administrative_license', '自然人', '自然人'],
    ['counterparty_category', 'administrative_license', '个体户', '个体工商户'],
    ['legal_representative_id_type', undefined, '居民身份证', '身份证'],
    ['legal_representative_id_type', undefined, '护照', '护照号'],
    ['legal_representative_id_type', undefined, '回乡证', '港澳居民来往内地通行证'],
    ['legal_representative_id_type', undefined, '台胞证', '台湾居民来往大陆通行证'],
    ['legal_representative_id_type', undefined, '111', '身份证'],
    ['credit_grade', 'customs_credit_rating', 'AEO高级认证企业', '高级认证企业'],
    ['credit_grade', 'customs_credit_rating', '一般信用', '一般信用企业'],
    ['credit_grade', 'customs_credit_rating', '失信企业', '失信企业'],
    ['patent_type', undefined, '发明专利', '发明'],
    ['patent_type', undefined, '外观专利', '外观设计'],
    ['patent_type', undefined, '2', '实用新型'],
    ['performance_status', undefined, '全部未履行', '全部未履行'],
    ['performance_status', undefined, '部分履行', '部分未履行'],
    ['nice_class', 'trademark', '9', '9'],
    ['nice_class', 'trademark', '09', '9'],
    ['nice_class', 'trademark', '第9类', '9'],
    ['nice_class', 'trademark', '第九类', '9'],
    ['nice_class', 'trademark', '第三十五类', '35'],
    ['nice_class', 'trademark', '第４５类', '45'],
    ['license_status', undefined, '1', '有效'],
    ['license_status', undefined, '已注销', '无效'],
    ['status', 'equity_pledge', '已解除', '注销'],
    ['bankruptcy_type', undefined, '重整', '破产重整'],
    ['tax_type', undefined, '城建税', '城市维护建设税'],
    ['industry_category', 'industry_classification', 'C', 'C'],
    ['industry_category', 'industry_classification', '制造业', 'C'],
    ['industry_category', 'industry_classification', 'c3011', 'C3011'],
    ['industry_category', 'industry_classification', 'C 3011', 'C3011'],
    ['industry_category', 'industry_classification', 'Ｃ３０１１', 'C3011'],
    ['industry_category', 'industry_classification', '3011', 'C3011'],
    ['industry_category', 'industry_classification', 'I65', 'I65'],
    ['industry_category', 'industry_classification', '651', 'I651'],
    ['industry_category', 'industry_classification', 'C3011 烧结类砖瓦制造', 'C3011'],
    ['industry_category', 'industry_classification', 'F 批发和零售业', 'F'],
    ['industry_category', 'software_copyright', '6510', 'I6510'],
    ['software_category', undefined, '应用软件', '应用软件'],
    ['software_category', undefined, '30200-6500', '30200-6500'],
    ['pension_avg_monthly_insured_band_last_12_months', undefined, '1-10人', '1-10人'],
    ['pension_avg_monthly_insured_band_last_12_months', undefined, '11～50人', '11-50人'],
    ['pension_avg_monthly_insured_band_last_12_months', undefined, '51 — 100 人', '51-100人'],
    ['pension_avg_monthly_insured_band_last_12_months', undefined, '1001人及以上', '1000人以上'],
    ['pension_avg_monthly_employer_contribution_band_last_12_months', undefined, '0-1万元', '0-1万元'],
    ['pension_avg_monthly_employer_contribution_band_last_12_months', undefined, '1万-5万元', '1-5万元'],
    ['pension_avg_monthly_employer_contribution_band_last_12_months', undefined, '10000-50000元', '1-5万元'],
    ['pension_avg_monthly_employer_contribution_band_last_12_months', undefined, '100万以上', '100万元以上'],
    ['entity_category', undefined, '农民专业合作社', '农民合作社'],
    ['electricity_usage_type', undefined, '大工业', '大工业用电'],
  ])('maps %s (%s) “%s” to %s', (fieldKey, itemKey, raw, code) => {
    expect(lookupEnum(fieldKey, itemKey, raw)).toEqual({ kind: 'match', code })
  })

  it.each([
    ['pension_avg_monthly_insured_band_last_12_months', '0', { kind: 'match', code: '0人' }],
    ['pension_avg_monthly_insured_band_last_12_months', '10', { kind: 'banded', code: '1-10人' }],
    ['pension_avg_monthly_insured_band_last_12_months', '10.5', { kind: 'banded', code: '11-50人' }],
    ['pension_avg_monthly_insured_band_last_12_months', '35人', { kind: 'banded', code: '11-50人' }],
    ['pension_avg_monthly_insured_band_last_12_months', '1000', { kind: 'banded', code: '501-1000人' }],
    ['pension_avg_monthly_insured_band_last_12_months', '1,001', { kind: 'banded', code: '1000人以上' }],
    ['pension_avg_monthly_employer_contribution_band_last_12_months', '10000', { kind: 'banded', code: '0-1万元' }],
    ['pension_avg_monthly_employer_contribution_band_last_12_months', '10000.01', { kind: 'banded', code: '1-5万元' }],
    ['pension_avg_monthly_employer_contribution_band_last_12_months', '1.2万', { kind: 'banded', code: '1-5万元' }],
    ['pension_avg_monthly_employer_contribution_band_last_12_months', '2000000元', { kind: 'banded', code: '100万元以上' }],
  ])('puts a plain number for %s (“%s”) into its band', (fieldKey, raw, expected) => {
    expect(lookupEnum(fieldKey, undefined, raw)).toEqual(expected)
  })

  it.each([
    ['tax_credit_grade', undefined, 'E', 'quarantine'],
    ['tax_credit_grade', undefined, 'AA', 'quarantine'],
    ['registration_status', undefined, '营业执照丢失', 'quarantine'],
    ['legal_representative_id_type', undefined, '港澳通行证', 'quarantine'],
    ['nice_class', 'trademark', '46', 'quarantine'],
    ['pension_avg_monthly_insured_band_last_12_months', undefined, '很多人', 'quarantine'],
    ['industry_category', 'industry_classification', 'A3011', 'warn'],
    ['industry_category', 'industry_classification', '9999', 'warn'],
    ['industry_category', 'industry_classification', '信息服务', 'warn'],
    ['change_item', undefined, '网站网店备案', 'warn'],
    ['license_category', undefined, '其他-备案', 'warn'],
  ])('reports %s (%s) “%s” as unknown, to %s', (fieldKey, itemKey, raw, onUnknown) => {
    const found = lookupEnum(fieldKey, itemKey, raw)
    expect(found.kind).toBe('unknown')
    expect(found.kind === 'unknown' && found.set.onUnknown).toBe(onUnknown)
  })

  it('prefers the itemKey.fieldKey set and has no generic set for status', () => {
    expect(getValueSet('status', 'equity_pledge')?.key).toBe('equity_pledge.status')
    expect(getValueSet('status')).toBeUndefined()
    expect(lookupEnum('status', undefined, '有效')).toEqual({ kind: 'no_value_set' })
  })

  it('resolves sameAs references to the referenced set', () => {
    expect(getValueSet('branch_registration_status')).toBe(getValueSet('registration_status'))
    expect(getValueSet('industry_category', 'software_copyright')).toBe(getValueSet('industry_category'))
  })

  it('returns the same result object for repeated hits (no allocation per lookup)', () => {
    expect(lookupEnum('tax_credit_grade', undefined, 'A')).toBe(lookupEnum('tax_credit_grade', undefined, 'A'))
    expect(lookupEnum('tax_credit_grade', undefined, 'ａ')).toBe(lookupEnum('tax_credit_grade', undefined, 'A'))
  })

  it('lists a few allowed codes as examples', () => {
    expect(getValueSet('tax_credit_grade')?.examples).toEqual(['A', 'B', 'M', 'C', 'D'])
  })
})

describe('compileValueSets', () => {
  const set = (values: unknown[], extra: Record<string, unknown> = {}) => ({ onUnknown: 'quarantine', values, ...extra })

  it.each([
    ['a spelling that maps to two codes', { x: set([{ code: 'A', label: '甲' }, { code: 'B', label: 'a' }]) }, /both "A" and "B"/],
    ['a sameAs that points nowhere', { x: { sameAs: 'y' } }, /refers to "y"/],
    ['a missing onUnknown', { x: { values: [{ code: 'A', label: 'A' }] } }, /onUnknown/],
    ['an empty value list', { x: set([]) }, /no values/],
    ['a value without a label', { x: set([{ code: 'A' }]) }, /needs a code and a label/],
    ['band maxima that do not increase', { x: set([{ code: '1', label: '1', max: 10 }, { code: '2', label: '2', max: 5 }, { code: '3', label: '3' }]) }, /increase/],
    ['an open band that is not last', { x: set([{ code: '1', label: '1' }, { code: '2', label: '2', max: 5 }]) }, /only the last band/],
    ['a key with two dots', { 'a.b.c': set([{ code: 'A', label: 'A' }]) }, /bad key/],
    ['a document without sets', null, /expected an object/],
  ])('rejects %s', (_what, sets, message) => {
    expect(() => compileValueSets(sets === null ? {} : { sets })).toThrow(message)
  })

  it('accepts the same spelling twice for one code', () => {
    const registry = compileValueSets({ sets: { x: set([{ code: 'A', label: 'A', aliases: ['a', 'Ａ'] }]) } })
    expect(registry.lookup('x', undefined, 'ａ')).toEqual({ kind: 'match', code: 'A' })
  })
})

describe('normalisers', () => {
  it.each([
    ['２０２２－１２－０１', '2022-12-01'],
    ['（甲）', '(甲)'],
    ['１，２３４．５', '1,234.5'],
    ['\u3000A', ' A'],
    ['￥12', '¥12'],
    ['中文、。', '中文、。'],
  ])('folds %s to half width as %s', (input, expected) => {
    expect(toHalfWidth(input)).toBe(expected)
  })

  it.each([
    ['ABC', 'abc'],
    ['1 ~ 10 人', '1-10人'],
    ['1—10人', '1-10人'],
    ['1～10人', '1-10人'],
    ['有限责任公司（国有独资）', '有限责任公司(国有独资)'],
    ['已注销', '已注销'],
  ])('normalises the enum key %s to %s', (input, expected) => {
    expect(normaliseEnumKey(input)).toBe(expected)
  })

  it('returns an already-normal string itself', () => {
    const s = '存续'
    expect(normaliseEnumKey(s)).toBe(s)
    expect(toHalfWidth(s)).toBe(s)
  })
})
