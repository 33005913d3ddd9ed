/**
 * Realistic bad input for tests and demos: one field of a good demo record broken the way real
 * deliveries break it (a mistyped check character, an impossible date, an amount with fen
 * fractions, a status the value set does not know, an empty code …), plus one value that looks
 * dangerous but is valid ('=SUM(A1)' in a text field must be stored as text, not rejected).
 *
 * `corruptRecord` never modifies its input and tells what it changed and which issue code the
 * hub's validators are expected to report, so tests can assert the quarantine reason.
 */

import { type CatalogField, type CatalogItem, getValueSet } from '../catalog/index.js'
import { validateIdNumber, USCC_CHARSET, computeUsccCheckChar, validateUscc } from '../registry/index.js'
import { Rng, hashString } from './random.js'
import type { DemoRecord, DemoValue } from './records.js'

export type CorruptionKind =
  /** Position 18 of the subject's USCC changed: USCC_CHECK_DIGIT. */
  | 'uscc_check_digit'
  /** Position 17 (GB 11714 org-code check) changed, position 18 recomputed: USCC_ORG_CODE_CHECK. */
  | 'org_code_check'
  /** An impossible calendar date such as 2022-02-30: FIELD_DATE_INVALID. */
  | 'bad_date'
  /** Money with three decimals: FIELD_MONEY_PRECISION. */
  | 'money_precision'
  /** A value outside a closed value set (e.g. 登记状态 不详): FIELD_ENUM_UNKNOWN. */
  | 'unknown_enum'
  /** The subject's USCC left empty: FIELD_REQUIRED. */
  | 'missing_uscc'
  /** The subject's name left empty where the item has no code field: RECORD_NO_SUBJECT. */
  | 'missing_subject_name'
  /** A natural person's ID number with a wrong check character: ID_NUMBER_CHECK_DIGIT. */
  | 'id_check_digit'
  /** '=SUM(A1)' in a text field: valid, must be stored as text. */
  | 'formula_text'

export const CORRUPTION_KINDS: readonly CorruptionKind[] = [
  'uscc_check_digit',
  'org_code_check',
  'bad_date',
  'money_precision',
  'unknown_enum',
  'missing_uscc',
  'missing_subject_name',
  'id_check_digit',
  'formula_text',
]

/** The issue code the hub reports for each kind (`null`: the record is valid). */
export const EXPECTED_ISSUE: Readonly<Record<CorruptionKind, string | null>> = {
  uscc_check_digit: 'USCC_CHECK_DIGIT',
  org_code_check: 'USCC_ORG_CODE_CHECK',
  bad_date: 'FIELD_DATE_INVALID',
  money_precision: 'FIELD_MONEY_PRECISION',
  unknown_enum: 'FIELD_ENUM_UNKNOWN',
  missing_uscc: 'FIELD_REQUIRED',
  missing_subject_name: 'RECORD_NO_SUBJECT',
  id_check_digit: 'ID_NUMBER_CHECK_DIGIT',
  formula_text: null,
}

export interface Corruption {
  /** A copy of the input record with one field changed. */
  record: DemoRecord
  kind: CorruptionKind
  /** Key of the changed field. */
  field: string
  original: DemoValue
  value: DemoValue
  /** Whether the hub must quarantine the record (false only for formula_text). */
  bad: boolean
  /** The issue code expected on `field` (or on '*' for missing_subject_name); null when valid. */
  expectedIssue: string | null
}

const IMPOSSIBLE_DATES = ['2022-02-30', '2023-02-29', '2021-04-31', '2023-06-31', '2022-11-31', '2024-13-01', '2023-00-10']
const IMPOSSIBLE_MONTHS = ['2023-13', '2022-00', '2024-14']
const UNKNOWN_ENUM_VALUES = ['不详', '待核实', '未知状态', '其他情况（见备注）']
const FORMULA = '=SUM(A1)'

const isString = (v: DemoValue | undefined): v is string => typeof v === 'string' && v !== ''

function usccField(item: CatalogItem, record: DemoRecord): CatalogField | undefined {
  const f = item.fields.find((x) => x.key === 'uscc' && x.type === 'uscc')
  return f !== undefined && isString(record[f.key]) && validateUscc(record[f.key] as string).ok ? f : undefined
}

function hasCodeField(item: CatalogItem): boolean {
  if (item.subject?.code !== undefined) return true
  return item.fields.some((f) => f.key === 'uscc' || f.type === 'id_number')
}

const NAME_KEYS = ['entity_name', 'entity_name_zh', 'mortgagor', 'right_holder_name', 'debtor_name']

function subjectNameField(item: CatalogItem): CatalogField | undefined {
  const key = item.subject?.name
  if (key !== undefined) return item.fields.find((f) => f.key === key)
  for (const k of NAME_KEYS) {
    const f = item.fields.find((x) => x.key === k)
    if (f !== undefined) return f
  }
  return undefined
}

/** id_number fields holding a valid natural-person ID number. */
function personIdFields(item: CatalogItem, record: DemoRecord): CatalogField[] {
  return item.fields.filter((f) => {
    if (f.type !== 'id_number') return false
    const v = record[f.key]
    return isString(v) && /^\d{17}[\dX]$/.test(v) && !validateUscc(v).ok && validateIdNumber(v).ok
  })
}

function closedEnumFields(item: CatalogItem, record: DemoRecord): CatalogField[] {
  return item.fields.filter((f) => f.type === 'enum' && isString(record[f.key]) && getValueSet(f.key, item.key)?.onUnknown === 'quarantine')
}

function dateFields(item: CatalogItem, record: DemoRecord): CatalogField[] {
  return item.fields.filter((f) => f.type === 'date' && isString(record[f.key]))
}

function moneyFields(item: CatalogItem, record: DemoRecord): CatalogField[] {
  return item.fields.filter((f) => f.type === 'money' && isString(record[f.key]))
}

function textFields(item: CatalogItem): CatalogField[] {
  const texts = item.fields.filter((f) => f.type === 'text')
  if (texts.length > 0) return texts
  const name = subjectNameField(item)
  const strings = item.fields.filter((f) => f.type === 'string' && f !== name && !(item.identity ?? []).includes(f.key))
  return strings.length > 0 ? strings : item.fields.filter((f) => f.type === 'string')
}

/** The kinds that make sense for this record of this item. */
export function corruptionKindsFor(item: CatalogItem, record: DemoRecord): CorruptionKind[] {
  const kinds: CorruptionKind[] = []
  if (usccField(item, record) !== undefined) kinds.push('uscc_check_digit', 'org_code_check', 'missing_uscc')
  if (dateFields(item, record).length > 0) kinds.push('bad_date')
  if (moneyFields(item, record).length > 0) kinds.push('money_precision')
  if (closedEnumFields(item, record).length > 0) kinds.push('unknown_enum')
  if (!hasCodeField(item) && subjectNameField(item) !== undefined) kinds.push('missing_subject_name')
  if (personIdFields(item, record).length > 0) kinds.push('id_check_digit')
  if (textFields(item).length > 0) kinds.push('formula_text')
  return kinds
}

function otherChar(rng: Rng, alphabet: string, not: string): string {
  let ch = not
  while (ch === not) ch = alphabet[rng.int(0, alphabet.length - 1)] as string
  return ch
}

/**
 * One field of `record` broken as `kind` says, or — when `kind` is undefined — as one of the
 * kinds that make the record bad, chosen by `seed`. Throws a RangeError when `kind` does not apply
 * to the item (e.g. money_precision for an item without money fields).
 */
export function corruptRecord(seed: number, record: DemoRecord, item: CatalogItem, kind?: CorruptionKind): Corruption {
  const rng = new Rng(seed, hashString(item.key), kind === undefined ? 0 : hashString(kind))
  const applicable = corruptionKindsFor(item, record)
  let chosen: CorruptionKind
  if (kind === undefined) {
    const bad = applicable.filter((k) => EXPECTED_ISSUE[k] !== null)
    if (bad.length === 0) throw new RangeError(`no way to make a record of ${item.key} invalid`)
    chosen = rng.pick(bad)
  } else {
    if (!applicable.includes(kind)) throw new RangeError(`corruption ${kind} does not apply to item ${item.key}`)
    chosen = kind
  }

  let field: CatalogField
  let value: DemoValue
  switch (chosen) {
    case 'uscc_check_digit': {
      field = usccField(item, record) as CatalogField
      const code = record[field.key] as string
      value = code.slice(0, 17) + otherChar(rng, USCC_CHARSET, code[17] as string)
      break
    }
    case 'org_code_check': {
      field = usccField(item, record) as CatalogField
      const code = record[field.key] as string
      // GB 11714 check chars are 0–9 and X; a wrong one that is still a legal USCC char.
      const first17 = code.slice(0, 16) + otherChar(rng, '0123456789X', code[16] as string)
      value = first17 + computeUsccCheckChar(first17)
      break
    }
    case 'missing_uscc':
      field = usccField(item, record) as CatalogField
      value = ''
      break
    case 'missing_subject_name':
      field = subjectNameField(item) as CatalogField
      value = ''
      break
    case 'bad_date': {
      const fields = dateFields(item, record)
      field = fields.find((f) => (record[f.key] as string).length === 10) ?? rng.pick(fields)
      value = (record[field.key] as string).length === 7 ? rng.pick(IMPOSSIBLE_MONTHS) : rng.pick(IMPOSSIBLE_DATES)
      break
    }
    case 'money_precision': {
      field = rng.pick(moneyFields(item, record))
      value = `${record[field.key] as string}${rng.int(1, 9)}`
      break
    }
    case 'unknown_enum': {
      field = rng.pick(closedEnumFields(item, record))
      value = rng.pick(UNKNOWN_ENUM_VALUES)
      break
    }
    case 'id_check_digit': {
      field = rng.pick(personIdFields(item, record))
      const id = record[field.key] as string
      value = id.slice(0, 17) + otherChar(rng, '0123456789X', id[17] as string)
      break
    }
    case 'formula_text':
      field = rng.pick(textFields(item))
      value = FORMULA
      break
  }

  const out: DemoRecord = { ...record, [field.key]: value }
  return {
    record: out,
    kind: chosen,
    field: field.key,
    original: record[field.key] ?? null,
    value,
    bad: EXPECTED_ISSUE[chosen] !== null,
    expectedIssue: EXPECTED_ISSUE[chosen],
  }
}
