import type { DishonestyEntry, StoredEdge } from './relations.types.js'

/** The items edges are built from. */
export const EDGE_ITEMS = ['business_license', 'shareholder_contribution', 'branch_office'] as const
/** Items whose records pair the legal representative's name with the ID number (sealed), to key the person. */
export const ID_ITEMS = ['administrative_license', 'administrative_penalty', 'administrative_coercion'] as const

/** A current record as the builder reads it: values as stored (identifiers sealed). */
export interface SourceRecord { itemKey: string; recordKey: string; data: Record<string, unknown>; receivedAt: string }

/** How persons are keyed without keeping an ID number (see createRelationsService). */
export interface PersonKeys {
  /** The key of the person holding this ID number (the registry's keyed hash), or null when the value is not one. */
  ofSealedId(sealed: string): string | null
  /** The key of a person known only by name, within one enterprise: two firms' 张伟 are not taken for one person. */
  ofName(subjectKey: string, name: string): string
}

const BRANCH = /^(.*?)\s*[（(]\s*([0-9A-HJ-NPQRTUWXY]{18})\s*[）)]\s*$/

/** A branch's name and USCC from the one source field that combines them ("某某公司银川分公司（91640…）"). */
export function parseBranch(value: string): { name: string; uscc: string | null } {
  const m = BRANCH.exec(value.trim())
  return m ? { name: m[1]!.trim(), uscc: m[2]! } : { name: value.trim(), uscc: null }
}

const text = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v.trim() : null)

function ratioOf(v: unknown): number | null {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN
  return Number.isFinite(n) && n >= 0 && n <= 100 ? Math.round(n * 10_000) / 10_000 : null
}

const newestFirst = (a: SourceRecord, b: SourceRecord) => b.receivedAt.localeCompare(a.receivedAt) || b.recordKey.localeCompare(a.recordKey)

/**
 * The edges one subject's current records state: its legal representative (营业执照), its shareholders with their
 * ratios (股东及出资; natural persons and enterprises), its branches (分支机构). Pure.
 *
 * A natural person is keyed by the ID number a record of the enterprise pairs with the legal representative's name
 * (行政许可/处罚/强制: the registry's keyed hash, so the same person across firms is one node, and a natural person
 * on a list is found), else by the enterprise and the name. A natural-person shareholder with the legal
 * representative's name is that person.
 */
export function edgesOf(subjectKey: string, records: readonly SourceRecord[], keys: PersonKeys): StoredEdge[] {
  const by = (item: string) => records.filter((r) => r.itemKey === item).sort(newestFirst)
  const licence = by('business_license')[0]
  const legalName = licence ? text(licence.data.legal_representative) : null
  let legalKey: string | null = null
  if (legalName) {
    for (const r of records.filter((x) => (ID_ITEMS as readonly string[]).includes(x.itemKey)).sort(newestFirst)) {
      const sealed = r.data.legal_representative_id_number
      if (text(r.data.legal_representative_name) === legalName && typeof sealed === 'string') {
        legalKey = keys.ofSealedId(sealed)
        if (legalKey) break
      }
    }
  }
  const personKey = (name: string) => (legalName !== null && name === legalName && legalKey ? legalKey : keys.ofName(subjectKey, name))
  const out: StoredEdge[] = []
  if (licence && legalName) {
    out.push({ subjectKey, itemKey: licence.itemKey, recordKey: licence.recordKey, kind: 'legal_representative', peerKind: 'person', peerKey: personKey(legalName), peerName: legalName, ratio: null })
  }
  for (const r of by('shareholder_contribution')) {
    const name = text(r.data.shareholder_name)
    if (!name) continue
    const type = text(r.data.shareholder_type) ?? ''
    const ratio = ratioOf(r.data.contribution_ratio)
    if (type.includes('自然人')) out.push({ subjectKey, itemKey: r.itemKey, recordKey: r.recordKey, kind: 'shareholder', peerKind: 'person', peerKey: personKey(name), peerName: name, ratio })
    else out.push({ subjectKey, itemKey: r.itemKey, recordKey: r.recordKey, kind: 'shareholder', peerKind: 'enterprise', peerKey: null, peerName: name, ratio })
  }
  for (const r of by('branch_office')) {
    const v = text(r.data.branch_name_and_uscc)
    if (!v) continue
    const b = parseBranch(v)
    out.push({ subjectKey, itemKey: r.itemKey, recordKey: r.recordKey, kind: 'branch', peerKind: 'branch', peerKey: b.uscc, peerName: b.name, ratio: null })
  }
  return out
}

/** Classes 失信 records (the repair rules' `publicityOf`), remembering which of `fields` each has filled. */
export function dishonestyOf(
  records: readonly SourceRecord[],
  classify: (itemKey: string, data: Record<string, unknown>) => { class: DishonestyEntry['class']; start: string; maxEnd: string } | null,
  fields: readonly string[],
): DishonestyEntry[] {
  const out: DishonestyEntry[] = []
  for (const r of records) {
    const p = classify(r.itemKey, r.data)
    if (!p) continue
    out.push({ item: r.itemKey, recordKey: r.recordKey, class: p.class, start: p.start, maxEnd: p.maxEnd, filled: fields.filter((f) => text(r.data[f]) !== null || (r.data[f] !== null && r.data[f] !== undefined && typeof r.data[f] !== 'string')) })
  }
  return out
}
