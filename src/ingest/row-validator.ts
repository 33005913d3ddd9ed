import type { CatalogField, ResolvedItem } from '../catalog/index.js'
import { BEIJING_OFFSET_MS, beijingDate, hmacSm3, seal } from '../core/index.js'
import { parseFieldValue } from './validation/field-parsers.js'
import { validateUscc, validateIdNumber } from '../registry/index.js'
import type { Issue } from './ingest.types.js'

export type SubjectKind = 'organization' | 'person' | 'unidentified'

export interface ValidRecord {
  subjectKey: string
  subjectKind: SubjectKind
  uscc: string | null
  subjectName: string | null
  entityType: string | null
  divisionCode: string | null
  recordKey: string
  /** JSON of the record's values; natural persons' ID numbers sealed with SM4. */
  data: string
  contentHash: string
  warnings: Issue[]
  /** How many of the item's fields are filled, for the completeness measure. */
  filled: number
}

export type RowResult = { ok: true; record: ValidRecord } | { ok: false; issues: Issue[] }

export interface RowValidatorOptions {
  /** SM4 key for personal identifiers; also keys the HMACs, so hashes of ID numbers cannot be looked up. */
  dataKey: Buffer
  /** Codes that fail GB 32100 but that an operator has admitted. */
  usccAllowlist: ReadonlySet<string>
  /**
   * The clock the "not more than a year in the future" date checks read today (Beijing date) from, once per row.
   * Defaults to the present; pass the service's `now` so a batch is judged by the same clock that stamps it.
   */
  now?: () => Date
}

const DAY_MS = 86_400_000

const ID_SHAPE = /^\d{17}[\dX]$/
const USCC_SHAPE = /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/

/** An issue about a field; the registry's messages do not name the field, so it is named here. */
function issueOf(field: CatalogField, e: { code: string; zh: string; en: string }): Issue {
  return { field: field.key, code: e.code, zh: `${field.name}(${field.key})：${e.zh}`, en: `${field.key}: ${e.en}` }
}

/** The field parsers' messages already name the field. */
const parserIssue = (field: CatalogField, e: { code: string; zh: string; en: string }): Issue => ({ field: field.key, ...e })

/**
 * Validates one record of one item against the catalog: every field by its type, the subject's code by
 * GB 32100 / GB 11643, identity fields present. Returns the record ready to store, or every issue found (not just
 * the first), so a provider can fix a row in one go.
 */
export function createRowValidator(resolved: ResolvedItem, opts: RowValidatorOptions) {
  const { item, subjectCodeField, subjectNameField, identity } = resolved
  const identitySet = new Set(identity)
  // Identity fields are required: a record that cannot be told apart from its siblings cannot be versioned.
  const fields = item.fields.map((f) => (identitySet.has(f.key) && !f.required ? { ...f, required: true } : f))
  const now = opts.now ?? (() => new Date())
  // The parse context changes with the Beijing day of the clock only: one Date read per row, no string per row.
  let day = Number.NaN
  let itemCtx = { itemKey: item.key, today: '' }
  function contextNow(): typeof itemCtx {
    const at = now()
    const d = Math.floor((at.getTime() + BEIJING_OFFSET_MS) / DAY_MS)
    if (d !== day) {
      day = d
      itemCtx = { itemKey: item.key, today: beijingDate(at) }
    }
    return itemCtx
  }

  /** Checks a code field: a USCC must pass GB 32100 (or be allowlisted); an 18-digit ID must pass GB 11643. */
  // The same codes come back row after row (authorities, a subject's monthly records): each is checked once.
  const usccChecks = new Map<string, ReturnType<typeof validateUscc>>()
  function checkedUscc(value: string): ReturnType<typeof validateUscc> {
    let r = usccChecks.get(value)
    if (r === undefined) {
      if (usccChecks.size >= 100_000) usccChecks.clear()
      r = validateUscc(value)
      usccChecks.set(value, r)
    }
    return r
  }

  function checkCode(field: CatalogField, value: string): { issue?: Issue; kind?: 'uscc' | 'id' | 'other'; uscc?: ReturnType<typeof validateUscc> } {
    if (field.type === 'uscc' || USCC_SHAPE.test(value)) {
      if (opts.usccAllowlist.has(value)) return { kind: 'uscc' }
      const r = checkedUscc(value)
      if (!r.ok && field.type === 'id_number' && ID_SHAPE.test(value)) {
        // An 18-digit value in an ID-or-USCC field is a person's ID number when it is not a valid code.
      } else if (!r.ok) {
        return { issue: issueOf(field, r.error) }
      } else return { kind: 'uscc', uscc: r }
    }
    if (field.type === 'id_number') {
      if (ID_SHAPE.test(value) || /^\d{15}$/.test(value)) {
        const r = validateIdNumber(value)
        if (!r.ok) return { issue: issueOf(field, r.error) }
        return { kind: 'id' }
      }
      return { kind: 'other' }
    }
    return {}
  }

  return function validateRow(values: Record<string, unknown>): RowResult {
    const issues: Issue[] = []
    const warnings: Issue[] = []
    const out: Record<string, unknown> = {}
    // ID-number fields to seal once the record is known to be valid (the content hash is taken before sealing).
    let toSeal: string[] | undefined
    let subjectCode: { value: string; kind: 'uscc' | 'id' | 'other'; uscc?: ReturnType<typeof validateUscc> } | undefined
    const ctx = contextNow()

    for (const field of fields) {
      const parsed = parseFieldValue(field, values[field.key], ctx)
      if (!parsed.ok) {
        issues.push(parserIssue(field, parsed.issue))
        continue
      }
      if (parsed.warning) warnings.push(parserIssue(field, parsed.warning))
      let value = parsed.value
      if (typeof value === 'string' && (field.type === 'uscc' || field.type === 'id_number')) {
        const checked = checkCode(field, value)
        if (checked.issue) {
          issues.push(checked.issue)
          continue
        }
        if (field.key === subjectCodeField?.key && checked.kind) subjectCode = { value, kind: checked.kind, ...(checked.uscc ? { uscc: checked.uscc } : {}) }
        // Natural persons' identifiers never rest in clear text (§十六 分级分类): organisations' codes are public.
        if (field.type === 'id_number' && checked.kind !== 'uscc') (toSeal ??= []).push(field.key)
      }
      if (value !== null) out[field.key] = value
    }

    const name = subjectNameField ? (out[subjectNameField.key] as string | undefined) ?? null : null
    if (subjectCodeField?.type === 'uscc' && !subjectCode && !issues.some((i) => i.field === subjectCodeField.key)) {
      issues.push(issueOf(subjectCodeField, { code: 'FIELD_REQUIRED', zh: '必填，用于确定信用主体', en: 'required: it identifies the credit subject' }))
    }
    if (!subjectCode && !name && !issues.length) {
      issues.push({ field: '*', code: 'RECORD_NO_SUBJECT', zh: '无法确定信用主体：缺少代码和名称', en: 'no subject: the record has neither a code nor a name' })
    }
    if (issues.length) return { ok: false, issues }

    let subjectKey: string
    let subjectKind: SubjectKind
    if (subjectCode?.kind === 'uscc') {
      subjectKey = subjectCode.value
      subjectKind = 'organization'
    } else if (subjectCode?.kind === 'id') {
      subjectKey = 'P:' + hmacSm3(opts.dataKey, subjectCode.value).slice(0, 40)
      subjectKind = 'person'
    } else {
      subjectKey = 'N:' + name
      subjectKind = 'unidentified'
    }
    const uscc = subjectCode?.uscc?.ok ? subjectCode.uscc : undefined
    const recordKey = identity.map((k) => String(out[k] ?? '')).join('\u001f')
    // Hash what was sent, not the sealed form (whose IV changes each time), so a re-sent record is recognised.
    const contentHash = hmacSm3(opts.dataKey, JSON.stringify(out))
    if (toSeal) for (const k of toSeal) out[k] = seal(opts.dataKey, out[k] as string)
    const data = JSON.stringify(out)
    return {
      ok: true,
      record: {
        subjectKey,
        subjectKind,
        uscc: subjectKind === 'organization' ? subjectKey : null,
        subjectName: name,
        entityType: uscc ? uscc.authority.code + uscc.entityType.code : null,
        divisionCode: uscc ? uscc.divisionCode : null,
        recordKey,
        data,
        contentHash,
        warnings,
        filled: Object.keys(out).length,
      },
    }
  }
}
