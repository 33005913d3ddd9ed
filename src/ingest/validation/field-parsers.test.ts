import { describe, expect, it } from 'vitest'
import catalogJson from '../../../data/catalog/credit-catalog.json' with { type: 'json' }
import type { CatalogDocument, CatalogField, FieldType } from '../../catalog/index.js'
import {
  FIELD_ISSUE,
  type FieldParseContext,
  type FieldParseResult,
  numberToPlainString,
  OPEN_ENDED_DATE,
  parseFieldValue,
  STRING_MAX_CHARS,
  TEXT_MAX_CHARS,
} from './field-parsers.js'

const catalog = catalogJson as unknown as CatalogDocument

/** A field exactly as the catalog defines it. */
function catalogField(itemKey: string, fieldKey: string): CatalogField {
  for (const category of catalog.categories) {
    for (const item of category.items) {
      if (item.key !== itemKey) continue
      const field = item.fields.find((f) => f.key === fieldKey)
      if (field) return field
    }
  }
  throw new Error(`no field ${itemKey}.${fieldKey} in the catalog`)
}

function synthetic(key: string, type: FieldType, extra: Partial<CatalogField> = {}): CatalogField {
  return { key, name: `测试${key}`, type, sensitivity: 'public', ...extra }
}

/** Fixed "today" so range checks do not depend on the clock: the latest ordinary date is then 2027-11-29. */
const TODAY: FieldParseContext = { today: '2026-11-29' }

function value(result: FieldParseResult): unknown {
  if (!result.ok) throw new Error(`expected ok, got ${result.issue.code}: ${result.issue.en}`)
  return result.value
}

function issueCode(result: FieldParseResult): string {
  if (result.ok) throw new Error(`expected an issue, got ok ${JSON.stringify(result.value)}`)
  return result.issue.code
}

function warningCode(result: FieldParseResult): string | undefined {
  return result.ok ? result.warning?.code : undefined
}

const establishmentDate = catalogField('business_license', 'establishment_date')
const operatingTermEnd = catalogField('business_license', 'operating_term_end')
const licenseValidity = catalogField('administrative_license', 'validity_date')
const pensionMonth = catalogField('social_insurance_contribution', 'pension_last_normal_payment_month')
const entityName = catalogField('business_license', 'entity_name')
const businessScope = catalogField('business_license', 'business_scope')
const caseNumber = catalogField('court_judgment', 'case_number')
const employeeCount = catalogField('annual_report', 'employee_count')
const reportYear = catalogField('annual_report', 'report_year')
const monthsInLast12 = catalogField('housing_fund_contribution', 'consecutive_normal_payment_months_last_12_months')
const contributionRatio = catalogField('shareholder_contribution', 'contribution_ratio')
const area = catalogField('real_estate_registration', 'area')
const pledgedEquity = catalogField('equity_pledge', 'pledged_equity_amount')
const registeredCapital = catalogField('business_license', 'registered_capital')
const fineAmount = catalogField('administrative_penalty', 'fine_amount')
const netProfit = catalogField('annual_report', 'net_profit')
const ownersEquity = catalogField('annual_report', 'total_owners_equity')
const hasArrears = catalogField('social_insurance_arrears', 'has_arrears')
const taxGrade = catalogField('tax_credit_rating', 'tax_credit_grade')
const changeItem = catalogField('registration_change', 'change_item')
const pledgeStatus = catalogField('equity_pledge', 'status')
const niceClass = catalogField('trademark', 'nice_class')
const insuredBand = catalogField('social_insurance_contribution', 'pension_avg_monthly_insured_band_last_12_months')
const industry = catalogField('industry_classification', 'industry_category')
const uscc = catalogField('business_license', 'uscc')
const pledgorId = catalogField('equity_pledge', 'pledgor_id_number')
const receivedAt = synthetic('received_at', 'datetime')

describe('empty values and required fields', () => {
  const types: FieldType[] = ['string', 'text', 'uscc', 'id_number', 'date', 'datetime', 'integer', 'decimal', 'money', 'boolean', 'enum']
  const empties: [string, unknown][] = [
    ['null', null],
    ['undefined', undefined],
    ['an empty string', ''],
    ['spaces', '   '],
    ['an ideographic space', '\u3000'],
    ['tabs and newlines', '\t\r\n'],
  ]

  for (const type of types) {
    it.each(empties)(`stores %s as null for an optional ${type} field`, (_what, raw) => {
      expect(parseFieldValue(synthetic('x', type), raw)).toEqual({ ok: true, value: null })
    })
  }

  it.each(empties)('reports %s in a required field as FIELD_REQUIRED', (_what, raw) => {
    const result = parseFieldValue({ ...entityName, required: true }, raw)
    expect(result).toEqual({
      ok: false,
      issue: { code: 'FIELD_REQUIRED', zh: '企业名称(entity_name)：必填，不能为空', en: 'entity_name: required, must not be empty' },
    })
  })

  it('accepts a filled required field', () => {
    expect(value(parseFieldValue({ ...entityName, required: true }, '宁夏某某有限公司'))).toBe('宁夏某某有限公司')
  })

  it('parses every catalog field without throwing, whatever it gets', () => {
    const raws: unknown[] = [null, 'x', '0', 0, 1.5, true, new Date(Date.UTC(2022, 11, 1)), {}, [], Number.NaN, 12345678901234567890n]
    for (const category of catalog.categories) {
      for (const item of category.items) {
        for (const field of item.fields) {
          for (const raw of raws) {
            const result = parseFieldValue(field, raw, { itemKey: item.key })
            expect(typeof result.ok).toBe('boolean')
          }
        }
      }
    }
  })
})

describe('string and text', () => {
  it.each([
    ['  宁夏某某有限公司  ', '宁夏某某有限公司'],
    ['ＡＢＣ（全角）', 'ＡＢＣ（全角）'],
    ['line 1\nline 2', 'line 1\nline 2'],
    [123, '123'],
    [12.5, '12.5'],
    [true, 'true'],
    [new Date(Date.UTC(2022, 11, 1)), '2022-12-01'],
    [new Date(Date.UTC(2022, 11, 1, 8, 30)), '2022-12-01 08:30:00'],
  ])('keeps %j as the text %j', (raw, expected) => {
    expect(value(parseFieldValue(entityName, raw))).toBe(expected)
  })

  it.each(['=1+1', '=HYPERLINK("http://example.invalid","点我")', '+86 951 1234567', '-2022-001', '@SUM(A1:A9)', '=cmd|\' /C calc\'!A0'])(
    'keeps the formula-looking cell %s as literal text',
    (raw) => {
      expect(parseFieldValue(caseNumber, raw)).toEqual({ ok: true, value: raw })
      expect(parseFieldValue(businessScope, `  ${raw}  `)).toEqual({ ok: true, value: raw })
    },
  )

  it('warns when a long number arrived as a spreadsheet number', () => {
    const result = parseFieldValue(caseNumber, 12345678901234567890)
    expect(warningCode(result)).toBe(FIELD_ISSUE.NUMBER_PRECISION_LOST)
    expect(value(result)).toBe('12345678901234600000')
  })

  it.each([
    [entityName, 'a'.repeat(STRING_MAX_CHARS), true],
    [entityName, 'a'.repeat(STRING_MAX_CHARS + 1), false],
    [entityName, '宁'.repeat(STRING_MAX_CHARS), true],
    [entityName, '😀'.repeat(STRING_MAX_CHARS), true],
    [entityName, '😀'.repeat(STRING_MAX_CHARS + 1), false],
    [businessScope, '经'.repeat(TEXT_MAX_CHARS), true],
    [businessScope, '经'.repeat(TEXT_MAX_CHARS + 1), false],
  ])('checks the length limit of %s (%#)', (field, raw, ok) => {
    const result = parseFieldValue(field, raw)
    if (ok) expect(result.ok).toBe(true)
    else expect(issueCode(result)).toBe(FIELD_ISSUE.TOO_LONG)
  })

  it('names the limit in the too-long message', () => {
    const result = parseFieldValue(entityName, 'a'.repeat(501))
    expect(result.ok === false && result.issue.zh).toBe('企业名称(entity_name)：长度 501 字，超过上限 500 字')
    expect(result.ok === false && result.issue.en).toBe('entity_name: length 501 exceeds the maximum of 500 characters')
  })

  it.each([[{}], [[1, 2]], [{ richText: [] }], [Number.POSITIVE_INFINITY]])('rejects the unsupported value %j', (raw) => {
    expect(issueCode(parseFieldValue(entityName, raw))).toBe(FIELD_ISSUE.VALUE_UNSUPPORTED)
  })
})

describe('date', () => {
  it.each<[string, unknown]>([
    ['ISO', '2022-12-01'],
    ['slashes without padding', '2022/12/1'],
    ['dots without padding', '2022.12.1'],
    ['slashes with padding', '2022/12/01'],
    ['Chinese', '2022年12月1日'],
    ['Chinese with 号', '2022年12月1号'],
    ['Chinese without 日', '2022年12月01'],
    ['compact', '20221201'],
    ['compact as a number', 20221201],
    ['full width', '２０２２－１２－０１'],
    ['full-width Chinese', '２０２２年１２月１日'],
    ['ISO date-time', '2022-12-01T08:30:00'],
    ['date-time with a space', '2022-12-01 08:30:00'],
    ['Excel-style date-time', '2022/12/1 0:00:00'],
    ['Oracle-style date-time', '2022-12-01 00:00:00.0'],
    ['ISO with milliseconds and +08:00', '2022-12-01T00:00:00.000+08:00'],
    ['UTC instant of the China date', '2022-11-30T16:00:00Z'],
    ['surrounding spaces', '  2022-12-01  '],
    ['Excel serial number', 44896],
    ['Excel serial number with a time fraction', 44896.75],
    ['Excel serial as text', '44896'],
    ['Date at UTC midnight (exceljs)', new Date(Date.UTC(2022, 11, 1))],
    ['Date at local midnight', new Date(2022, 11, 1)],
    ['Date a millisecond before midnight from float conversion', new Date(Date.UTC(2022, 11, 1) - 1)],
  ])('reads %s (%j) as 2022-12-01', (_what, raw) => {
    expect(parseFieldValue(establishmentDate, raw, TODAY)).toEqual({ ok: true, value: '2022-12-01' })
  })

  it.each<[unknown, string]>([
    [1, '1900-01-01'],
    [2, '1900-01-02'],
    [59, '1900-02-28'],
    [61, '1900-03-01'],
    ['61', '1900-03-01'],
    [367, '1901-01-01'],
    [25569, '1970-01-01'],
    [36526, '2000-01-01'],
    ['45658', '2025-01-01'],
  ])('reads the Excel serial %j as %s', (raw, expected) => {
    expect(value(parseFieldValue(establishmentDate, raw, TODAY))).toBe(expected)
  })

  it.each([60, '60', 60.5])('rejects the Excel serial %j, the phantom 1900-02-29', (raw) => {
    const result = parseFieldValue(establishmentDate, raw, TODAY)
    expect(issueCode(result)).toBe(FIELD_ISSUE.DATE_INVALID)
    expect(result.ok === false && result.issue.en).toContain('1900-02-29')
  })

  it('reads the largest Excel serial as 9999-12-31 where far-future dates are allowed', () => {
    expect(value(parseFieldValue(operatingTermEnd, 2958465, TODAY))).toBe('9999-12-31')
  })

  it('names the field and the value in an unrecognised-date message', () => {
    expect(parseFieldValue(establishmentDate, '2022-13-01')).toEqual({
      ok: false,
      issue: {
        code: 'FIELD_DATE_INVALID',
        zh: '成立日期(establishment_date)：无法识别的日期“2022-13-01”',
        en: 'establishment_date: unrecognised date "2022-13-01"',
      },
    })
  })

  it.each<[unknown, string]>([
    ['2022-02-30', 'nonexistent date'],
    ['2023-02-29', 'nonexistent date'],
    ['1900-02-29', 'nonexistent date'],
    ['2022-04-31', 'nonexistent date'],
    ['2022年2月30日', 'nonexistent date'],
    ['20220230', 'nonexistent date'],
    ['2022-13-01', 'unrecognised date'],
    ['2022-00-10', 'unrecognised date'],
    ['2022-12-00', 'unrecognised date'],
    ['2022-12-01 25:00:00', 'unrecognised date'],
    ['2022-12-01 12:60', 'unrecognised date'],
    ['2022-12', 'unrecognised date'],
    ['202212', 'unrecognised date'],
    ['22-12-01', 'unrecognised date'],
    ['2022-12/01', 'unrecognised date'],
    ['12/01/2022', 'unrecognised date'],
    ['昨天', 'unrecognised date'],
    ['123456', 'unrecognised date'],
    [0, 'unrecognised date'],
    [-5, 'unrecognised date'],
    [2958466, 'unrecognised date'],
    [Number.NaN, 'unrecognised date'],
    [new Date(Number.NaN), 'unrecognised date'],
    ['2022', 'only a year'],
    [2022, 'only a year'],
  ])('rejects %j as a date (%s)', (raw, message) => {
    const result = parseFieldValue(establishmentDate, raw, TODAY)
    expect(issueCode(result)).toBe(FIELD_ISSUE.DATE_INVALID)
    expect(result.ok === false && result.issue.en).toContain(message)
  })

  it('rejects a boolean as an unsupported value for a date', () => {
    expect(issueCode(parseFieldValue(establishmentDate, true))).toBe(FIELD_ISSUE.VALUE_UNSUPPORTED)
  })

  it.each<[unknown, boolean]>([
    ['1900-01-01', true],
    ['1899-12-31', false],
    ['0001-01-01', false],
    ['2027-11-29', true],
    ['2027-11-30', false],
    ['2050-01-01', false],
    [2958465, false],
  ])('checks the range of %j (ok: %s) against 1900 and one year after today', (raw, ok) => {
    const result = parseFieldValue(establishmentDate, raw, TODAY)
    if (ok) expect(result.ok).toBe(true)
    else expect(issueCode(result)).toBe(FIELD_ISSUE.DATE_OUT_OF_RANGE)
  })

  it('reads today from the injected clock, as a Beijing date, when no today is given', () => {
    const lastDayOf2027 = (now: string) => parseFieldValue(establishmentDate, '2027-11-29', { now: () => new Date(now) })
    expect(issueCode(lastDayOf2027('2026-11-28T15:59:59Z'))).toBe(FIELD_ISSUE.DATE_OUT_OF_RANGE) // 23:59:59 on 28 Nov, Beijing
    expect(value(lastDayOf2027('2026-11-28T16:00:00Z'))).toBe('2027-11-29') // 00:00 on 29 Nov, Beijing
    expect(parseFieldValue(reportYear, '2031', { now: () => new Date('2030-03-01T00:00:00Z') }).ok).toBe(true)
    expect(issueCode(parseFieldValue(reportYear, '2031', { now: () => new Date('2029-03-01T00:00:00Z') }))).toBe(FIELD_ISSUE.INTEGER_OUT_OF_RANGE)
  })

  it('prefers a given today over the clock', () => {
    expect(value(parseFieldValue(establishmentDate, '2027-11-29', { ...TODAY, now: () => new Date('2000-01-01T00:00:00Z') }))).toBe('2027-11-29')
  })

  it('uses the real China date when no today is given', () => {
    expect(issueCode(parseFieldValue(establishmentDate, '3000-01-01'))).toBe(FIELD_ISSUE.DATE_OUT_OF_RANGE)
    expect(value(parseFieldValue(establishmentDate, '2000-01-01'))).toBe('2000-01-01')
  })

  it.each(['长期', '永久', '无固定期限', '长期有效'])('stores the open-ended end %s as 9999-12-31', (raw) => {
    expect(parseFieldValue(operatingTermEnd, raw, TODAY)).toEqual({ ok: true, value: OPEN_ENDED_DATE })
    expect(parseFieldValue(licenseValidity, raw, TODAY)).toEqual({ ok: true, value: OPEN_ENDED_DATE })
  })

  it.each(['2050-12-31', '9999-12-31', '2099/1/1'])('allows the far-future end date %s', (raw) => {
    expect(parseFieldValue(operatingTermEnd, raw, TODAY).ok).toBe(true)
  })

  it('rejects 长期 for a date that is not an end date', () => {
    expect(issueCode(parseFieldValue(establishmentDate, '长期', TODAY))).toBe(FIELD_ISSUE.DATE_INVALID)
  })
})

describe('date with month precision', () => {
  it.each<[unknown, string]>([
    ['2022-12', '2022-12'],
    ['2022-1', '2022-01'],
    ['2022/12', '2022-12'],
    ['2022.12', '2022-12'],
    ['2022年12月', '2022-12'],
    ['2022年12', '2022-12'],
    ['202212', '2022-12'],
    [202212, '2022-12'],
    ['２０２２－１２', '2022-12'],
    ['2022-12-15', '2022-12'],
    ['2022年12月15日', '2022-12'],
    [44896, '2022-12'],
    [new Date(Date.UTC(2022, 11, 1)), '2022-12'],
  ])('stores %j as %s', (raw, expected) => {
    expect(parseFieldValue(pensionMonth, raw, TODAY)).toEqual({ ok: true, value: expected })
  })

  it.each(['2022-13', '202213', '2022', '2022年13月', 'Dec 2022'])('rejects %s as a month', (raw) => {
    const result = parseFieldValue(pensionMonth, raw, TODAY)
    expect(issueCode(result)).toBe(FIELD_ISSUE.DATE_INVALID)
  })

  it('explains the expected month format', () => {
    const result = parseFieldValue(pensionMonth, '2022-13', TODAY)
    expect(result.ok === false && result.issue.en).toBe(
      'pension_last_normal_payment_month: unrecognised month "2022-13" (expected YYYY-MM)',
    )
  })

  it.each<[string, boolean]>([
    ['2027-11', true],
    ['2027-12', false],
    ['1899-12', false],
  ])('checks the range of the month %s (ok: %s)', (raw, ok) => {
    const result = parseFieldValue(pensionMonth, raw, TODAY)
    if (ok) expect(result.ok).toBe(true)
    else expect(issueCode(result)).toBe(FIELD_ISSUE.DATE_OUT_OF_RANGE)
  })
})

describe('datetime', () => {
  it.each<[unknown, string]>([
    ['2022-12-01 08:30', '2022-12-01T08:30:00'],
    ['2022-12-01T08:30:15', '2022-12-01T08:30:15'],
    ['2022/12/1 8:30:15', '2022-12-01T08:30:15'],
    ['2022年12月1日 8时30分', '2022-12-01T08:30:00'],
    ['2022年12月1日 08:30:15', '2022-12-01T08:30:15'],
    ['20221201 083015', '2022-12-01T08:30:15'],
    ['2022-12-01T08:30:00+08:00', '2022-12-01T08:30:00'],
    ['2022-12-01T00:30:00Z', '2022-12-01T08:30:00'],
    ['2022-11-30T23:30:00-01:00', '2022-12-01T08:30:00'],
    ['2022-12-01', '2022-12-01T00:00:00'],
    ['２０２２－１２－０１　０８：３０', '2022-12-01T08:30:00'],
    [44896.75, '2022-12-01T18:00:00'],
    [44896.354166666664, '2022-12-01T08:30:00'],
    [new Date(Date.UTC(2022, 11, 1, 8, 30)), '2022-12-01T08:30:00'],
  ])('stores %j as %s', (raw, expected) => {
    expect(parseFieldValue(receivedAt, raw, TODAY)).toEqual({ ok: true, value: expected })
  })

  it.each(['2022-12-01 24:00', '2022-02-30 08:00', 'yesterday', '08:30'])('rejects %s', (raw) => {
    expect(issueCode(parseFieldValue(receivedAt, raw, TODAY))).toBe(FIELD_ISSUE.DATETIME_INVALID)
  })

  it('rejects a date-time more than a year ahead', () => {
    expect(issueCode(parseFieldValue(receivedAt, '2030-01-01 00:00', TODAY))).toBe(FIELD_ISSUE.DATE_OUT_OF_RANGE)
  })
})

describe('integer', () => {
  it.each<[CatalogField, unknown, number]>([
    [employeeCount, '1234', 1234],
    [employeeCount, '1,234', 1234],
    [employeeCount, '１２３', 123],
    [employeeCount, '１，２３４', 1234],
    [employeeCount, '12.0', 12],
    [employeeCount, '+5', 5],
    [employeeCount, '0', 0],
    [employeeCount, '-0', 0],
    [employeeCount, '35人', 35],
    [employeeCount, ' 35 人 ', 35],
    [employeeCount, 12, 12],
    [employeeCount, 12.000000000000002, 12],
    [reportYear, '2022', 2022],
    [reportYear, '2022年度', 2022],
    [reportYear, '2022年', 2022],
    [reportYear, 2027, 2027],
    [monthsInLast12, '12', 12],
    [monthsInLast12, '12个月', 12],
  ])('reads %s %j as %d', (field, raw, expected) => {
    expect(parseFieldValue(field, raw, TODAY)).toEqual({ ok: true, value: expected })
  })

  it.each<[CatalogField, unknown, string]>([
    [employeeCount, '12.5', FIELD_ISSUE.INTEGER_INVALID],
    [employeeCount, 12.5, FIELD_ISSUE.INTEGER_INVALID],
    [employeeCount, '1,23', FIELD_ISSUE.INTEGER_INVALID],
    [employeeCount, '1e3', FIELD_ISSUE.INTEGER_INVALID],
    [employeeCount, 'abc', FIELD_ISSUE.INTEGER_INVALID],
    [employeeCount, '35次', FIELD_ISSUE.INTEGER_INVALID],
    [employeeCount, '-3', FIELD_ISSUE.NUMBER_NEGATIVE],
    [employeeCount, -3, FIELD_ISSUE.NUMBER_NEGATIVE],
    [employeeCount, '−3', FIELD_ISSUE.NUMBER_NEGATIVE],
    [employeeCount, '9007199254740993', FIELD_ISSUE.INTEGER_OUT_OF_RANGE],
    [employeeCount, true, FIELD_ISSUE.VALUE_UNSUPPORTED],
    [reportYear, '1899', FIELD_ISSUE.INTEGER_OUT_OF_RANGE],
    [reportYear, '2028', FIELD_ISSUE.INTEGER_OUT_OF_RANGE],
    [reportYear, '22', FIELD_ISSUE.INTEGER_OUT_OF_RANGE],
    [monthsInLast12, '13', FIELD_ISSUE.INTEGER_OUT_OF_RANGE],
  ])('rejects %s %j with %s', (field, raw, code) => {
    expect(issueCode(parseFieldValue(field, raw, TODAY))).toBe(code)
  })

  it('says a fractional integer is not a whole number', () => {
    const result = parseFieldValue(employeeCount, '12.5')
    expect(result.ok === false && result.issue.zh).toBe('从业人数(employee_count)：“12.5”不是整数')
  })
})

describe('decimal', () => {
  it.each<[CatalogField, unknown, number]>([
    [contributionRatio, '35%', 35],
    [contributionRatio, '35', 35],
    [contributionRatio, '35.5%', 35.5],
    [contributionRatio, '１２．５％', 12.5],
    [contributionRatio, '100%', 100],
    [contributionRatio, '0.35', 0.35],
    [contributionRatio, 35, 35],
    [area, '120.5', 120.5],
    [area, '120.5平方米', 120.5],
    [area, '120.5 ㎡', 120.5],
    [area, '1,234.5678', 1234.5678],
    [area, '2.00000', 2],
    [area, 0.1 + 0.2, 0.3],
    [pledgedEquity, '500', 500],
  ])('reads %s %j as %d', (field, raw, expected) => {
    expect(parseFieldValue(field, raw)).toEqual({ ok: true, value: expected })
  })

  it.each<[unknown, number]>([
    ['1.23456', 1.2346],
    ['1.23455', 1.2346],
    ['1.23454', 1.2345],
    ['0.99999', 1],
    [1.234567, 1.2346],
  ])('rounds %j half up to 4 decimals (%d) with a warning', (raw, expected) => {
    const result = parseFieldValue(area, raw)
    expect(value(result)).toBe(expected)
    expect(warningCode(result)).toBe(FIELD_ISSUE.DECIMAL_ROUNDED)
  })

  it.each<[CatalogField, unknown, string]>([
    [contributionRatio, '100.01%', FIELD_ISSUE.DECIMAL_OUT_OF_RANGE],
    [contributionRatio, '150', FIELD_ISSUE.DECIMAL_OUT_OF_RANGE],
    [pledgedEquity, '50%', FIELD_ISSUE.DECIMAL_INVALID],
    [pledgedEquity, '1.5万', FIELD_ISSUE.DECIMAL_INVALID],
    [area, 'abc', FIELD_ISSUE.DECIMAL_INVALID],
    [area, '1.2.3', FIELD_ISSUE.DECIMAL_INVALID],
    [area, '1,23.5', FIELD_ISSUE.DECIMAL_INVALID],
    [area, '-1', FIELD_ISSUE.NUMBER_NEGATIVE],
    [area, -0.5, FIELD_ISSUE.NUMBER_NEGATIVE],
    [area, false, FIELD_ISSUE.VALUE_UNSUPPORTED],
  ])('rejects %s %j with %s', (field, raw, code) => {
    expect(issueCode(parseFieldValue(field, raw))).toBe(code)
  })
})

describe('money', () => {
  it.each<[unknown, string]>([
    ['1,234.56', '1234.56'],
    ['1234.56', '1234.56'],
    ['¥1234.5', '1234.50'],
    ['￥1,234.5', '1234.50'],
    ['1234.5元', '1234.50'],
    ['1234.5 元', '1234.50'],
    ['12.5万元', '125000.00'],
    ['12.5万', '125000.00'],
    ['12.345678万', '123456.78'],
    ['0.01万', '100.00'],
    ['1.2亿', '120000000.00'],
    ['1.2亿元', '120000000.00'],
    ['0.0000000001亿', '0.01'],
    ['1.5千元', '1500.00'],
    ['100万元人民币', '1000000.00'],
    ['人民币100万元', '1000000.00'],
    ['人民币500万元整', '5000000.00'],
    ['RMB 1,000', '1000.00'],
    ['CNY1000', '1000.00'],
    ['１２３４．５', '1234.50'],
    ['1234.500', '1234.50'],
    ['007', '7.00'],
    ['0', '0.00'],
    ['-0', '0.00'],
    ['12345678901234.56', '12345678901234.56'],
    ['99999999亿', '9999999900000000.00'],
    [1234.5, '1234.50'],
    [1234.5600000000002, '1234.56'],
    [0.1 + 0.2, '0.30'],
    [1e15, '1000000000000000.00'],
  ])('reads %j as %s yuan', (raw, expected) => {
    expect(parseFieldValue(registeredCapital, raw)).toEqual({ ok: true, value: expected })
  })

  it.each<[CatalogField, unknown, string]>([
    [netProfit, '-1.2亿', '-120000000.00'],
    [netProfit, '−100', '-100.00'],
    [netProfit, '-¥100', '-100.00'],
    [ownersEquity, '-5,000.5', '-5000.50'],
    [ownersEquity, -5000.5, '-5000.50'],
  ])('allows a negative amount for the profit-like field %s (%j → %s)', (field, raw, expected) => {
    expect(value(parseFieldValue(field, raw))).toBe(expected)
  })

  it.each<[CatalogField, unknown, string]>([
    [registeredCapital, '1234.567', FIELD_ISSUE.MONEY_PRECISION],
    [registeredCapital, '1.2345678万', FIELD_ISSUE.MONEY_PRECISION],
    [registeredCapital, '0.00000000001亿', FIELD_ISSUE.MONEY_PRECISION],
    [registeredCapital, 1234.567, FIELD_ISSUE.MONEY_PRECISION],
    [registeredCapital, '100万美元', FIELD_ISSUE.MONEY_CURRENCY],
    [registeredCapital, 'USD 100', FIELD_ISSUE.MONEY_CURRENCY],
    [registeredCapital, '$100', FIELD_ISSUE.MONEY_CURRENCY],
    [registeredCapital, 'HK$100', FIELD_ISSUE.MONEY_CURRENCY],
    [registeredCapital, '500万港元', FIELD_ISSUE.MONEY_CURRENCY],
    [registeredCapital, 'abc', FIELD_ISSUE.MONEY_INVALID],
    [registeredCapital, '1,23', FIELD_ISSUE.MONEY_INVALID],
    [registeredCapital, '12.5万万', FIELD_ISSUE.MONEY_INVALID],
    [registeredCapital, '--5', FIELD_ISSUE.MONEY_INVALID],
    [registeredCapital, '1.2.3', FIELD_ISSUE.MONEY_INVALID],
    [registeredCapital, '1.2E+5', FIELD_ISSUE.MONEY_INVALID],
    [registeredCapital, '万元', FIELD_ISSUE.MONEY_INVALID],
    [registeredCapital, '1' + '0'.repeat(16), FIELD_ISSUE.MONEY_OUT_OF_RANGE],
    [registeredCapital, '-100', FIELD_ISSUE.NUMBER_NEGATIVE],
    [fineAmount, '-100', FIELD_ISSUE.NUMBER_NEGATIVE],
    [fineAmount, -0.5, FIELD_ISSUE.NUMBER_NEGATIVE],
    [fineAmount, true, FIELD_ISSUE.VALUE_UNSUPPORTED],
  ])('rejects %s %j with %s', (field, raw, code) => {
    expect(issueCode(parseFieldValue(field, raw))).toBe(code)
  })

  it('explains that money is never rounded', () => {
    const result = parseFieldValue(registeredCapital, '1234.567')
    expect(result.ok === false && result.issue.zh).toBe('注册资本(registered_capital)：金额“1234.567”换算成元后超过 2 位小数，不做舍入')
  })
})

describe('boolean', () => {
  it.each<[unknown]>([['是'], ['Y'], ['y'], ['yes'], ['YES'], ['true'], ['TRUE'], ['1'], ['√'], ['✓'], ['有'], ['已'], ['ｙ'], [' 是 '], [1], [true]])(
    'reads %j as true',
    (raw) => {
      expect(parseFieldValue(hasArrears, raw)).toEqual({ ok: true, value: true })
    },
  )

  it.each<[unknown]>([['否'], ['N'], ['no'], ['No'], ['false'], ['0'], ['×'], ['无'], ['未'], ['Ｎ'], [0], [false]])('reads %j as false', (raw) => {
    expect(parseFieldValue(hasArrears, raw)).toEqual({ ok: true, value: false })
  })

  it.each<[unknown]>([['可能'], ['2'], [2], ['yes!'], ['是否']])('rejects %j', (raw) => {
    expect(issueCode(parseFieldValue(hasArrears, raw))).toBe(FIELD_ISSUE.BOOLEAN_INVALID)
  })
})

describe('enum', () => {
  it.each<[CatalogField, string, unknown, string]>([
    [taxGrade, 'tax_credit_rating', 'a', 'A'],
    [taxGrade, 'tax_credit_rating', 'Ａ级', 'A'],
    [taxGrade, 'tax_credit_rating', ' B ', 'B'],
    [niceClass, 'trademark', 9, '9'],
    [niceClass, 'trademark', '第35类', '35'],
    [pledgeStatus, 'equity_pledge', '有效', '有效'],
    [industry, 'industry_classification', 'c3011', 'C3011'],
    [changeItem, 'registration_change', '股东变更', '投资人变更'],
  ])('stores %s (%s) %j as the code %s', (field, itemKey, raw, code) => {
    expect(parseFieldValue(field, raw, { itemKey })).toEqual({ ok: true, value: code })
  })

  it('quarantines an unknown value of a closed set and lists allowed values', () => {
    expect(parseFieldValue(taxGrade, 'E', { itemKey: 'tax_credit_rating' })).toEqual({
      ok: false,
      issue: {
        code: 'FIELD_ENUM_UNKNOWN',
        zh: '纳税信用等级(tax_credit_grade)：“E”不是纳税信用等级的允许值（如：A、B、M、C、D）',
        en: 'tax_credit_grade: "E" is not an allowed value (e.g. A, B, M, C, D)',
      },
    })
  })

  it('marks a shortened list of allowed values', () => {
    const result = parseFieldValue(niceClass, '46', { itemKey: 'trademark' })
    expect(result.ok === false && result.issue.en).toBe('nice_class: "46" is not an allowed value (e.g. 1, 2, 3, 4, 5, 6, …)')
  })

  it('stores an unknown value of an open set as sent, with a warning', () => {
    const result = parseFieldValue(changeItem, ' 网站网店备案 ', { itemKey: 'registration_change' })
    expect(value(result)).toBe('网站网店备案')
    expect(warningCode(result)).toBe(FIELD_ISSUE.ENUM_UNLISTED)
    expect(result.ok && result.warning?.en).toBe('change_item: "网站网店备案" is not a listed value; stored as sent')
  })

  it('puts a number sent for a banded field into its band, with a warning', () => {
    const result = parseFieldValue(insuredBand, 35, { itemKey: 'social_insurance_contribution' })
    expect(value(result)).toBe('11-50人')
    expect(warningCode(result)).toBe(FIELD_ISSUE.ENUM_BANDED)
  })

  it('stores a value with a warning when the field has no value set', () => {
    const result = parseFieldValue(pledgeStatus, '有效')
    expect(value(result)).toBe('有效')
    expect(warningCode(result)).toBe(FIELD_ISSUE.ENUM_NO_VALUE_SET)
  })

  it('rejects an over-long unlisted value', () => {
    expect(issueCode(parseFieldValue(changeItem, '变'.repeat(501)))).toBe(FIELD_ISSUE.TOO_LONG)
  })

  it.each<[unknown]>([[true], [new Date()], [{}]])('rejects the unsupported value %j', (raw) => {
    expect(issueCode(parseFieldValue(taxGrade, raw))).toBe(FIELD_ISSUE.VALUE_UNSUPPORTED)
  })
})

describe('uscc and id_number (shape only)', () => {
  it.each<[unknown, string]>([
    ['91640100MA76L5G71B', '91640100MA76L5G71B'],
    [' 91640100ma76l5g71b ', '91640100MA76L5G71B'],
    ['９１６４０１００ＭＡ７６Ｌ５Ｇ７１Ｂ', '91640100MA76L5G71B'],
  ])('normalises the USCC %j to %s', (raw, expected) => {
    expect(parseFieldValue(uscc, raw)).toEqual({ ok: true, value: expected })
  })

  it.each<[unknown]>([['91640100MA76L5G71'], ['91640100MA76L5G71BX'], ['91640100MA76I5G71B'], ['91640100MA76O5G71B'], ['9164 0100MA76L5G71'], [916401001234567890], [true]])(
    'rejects %j as a USCC',
    (raw) => {
      const code = issueCode(parseFieldValue(uscc, raw))
      expect([FIELD_ISSUE.USCC_FORMAT, FIELD_ISSUE.VALUE_UNSUPPORTED]).toContain(code)
    },
  )

  it.each<[unknown, string]>([
    ['64010219900101123x', '64010219900101123X'],
    ['E12345678', 'E12345678'],
    ['H1234567801', 'H1234567801'],
    ['91640100MA76L5G71B', '91640100MA76L5G71B'],
    ['ABC-123', 'ABC-123'],
    ['６４０１０２１９９００１０１１２３Ｘ', '64010219900101123X'],
    [640102, '640102'],
  ])('normalises the identity number %j to %s', (raw, expected) => {
    expect(parseFieldValue(pledgorId, raw)).toEqual({ ok: true, value: expected })
  })

  it.each<[unknown]>([['12345'], ['6401 0219 9001'], ['640102/1990'], ['a'.repeat(31)], [640102199001011234]])(
    'rejects %j as an identity number',
    (raw) => {
      expect(issueCode(parseFieldValue(pledgorId, raw))).toBe(FIELD_ISSUE.ID_NUMBER_FORMAT)
    },
  )

  it('masks a sensitive value in messages', () => {
    const result = parseFieldValue(pledgorId, '64010219900101123?')
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.issue.zh).toContain('640*************3?')
    expect(result.issue.zh).not.toContain('6401021990')
    expect(result.issue.en).not.toContain('6401021990')
  })

  it('explains that a long number lost its digits', () => {
    const result = parseFieldValue(pledgorId, 640102199001011234)
    expect(result.ok === false && result.issue.en).toContain('send the column as text')
  })
})

describe('issue codes and helpers', () => {
  it('uses FIELD_-prefixed SCREAMING_SNAKE codes', () => {
    for (const code of Object.values(FIELD_ISSUE)) expect(code).toMatch(/^FIELD_[A-Z0-9]+(?:_[A-Z0-9]+)*$/)
  })

  it.each<[number, string]>([
    [1e21, '1000000000000000000000'],
    [1e-7, '0.0000001'],
    [-1.5e-7, '-0.00000015'],
    [1234.5600000000002, '1234.56'],
    [123, '123'],
    [1.5e300, `15${'0'.repeat(299)}`],
  ])('writes the number %d as %s', (n, expected) => {
    expect(numberToPlainString(n)).toBe(expected)
  })
})
