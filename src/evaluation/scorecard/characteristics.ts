import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { CatalogIndex } from '../../catalog/index.js'
import type { CurrentRecord } from '../../records/index.js'
import type { CharacteristicType, Value } from './binning.js'

/**
 * The characteristics an institution may build a scorecard from: derived values of a subject's current records,
 * defined as data (`data/evaluation/scorecard-characteristics.json`) and checked against the sharing list when
 * loaded. `field` reads the newest record's value: it goes into the score, but an institution only ever sees the
 * bin it fell in, never the value.
 */
export type CharacteristicDef =
  | { key: string; zh: string; kind: 'years_since'; item: string; field: string }
  | { key: string; zh: string; kind: 'field'; item: string; field: string; latestBy?: string }
  | { key: string; zh: string; kind: 'count'; item: string; withinMonths?: number; dateField?: string }

export interface Characteristic { def: CharacteristicDef; type: CharacteristicType; /** Whether its value is derived (a count, a span) rather than a field as sent. */ derived: boolean }

const FILE = fileURLToPath(new URL('../../../data/evaluation/scorecard-characteristics.json', import.meta.url))
const NUMERIC = new Set(['integer', 'decimal', 'money'])
const DATEISH = new Set(['date', 'datetime'])

/**
 * Checks the definitions against the catalog and types each one. Throws on the first problem, naming the
 * definition (its index and key) and what is wrong: the file ships with the product, so a bad one is a bug.
 */
export function checkCharacteristics(defs: readonly CharacteristicDef[], catalog: CatalogIndex): Characteristic[] {
  const seen = new Set<string>()
  return defs.map((d, i) => {
    const where = `characteristics[${i}] (${d.key})`
    if (!/^[a-z][a-z0-9_]{0,39}$/.test(d.key) || seen.has(d.key)) throw new Error(`${where}: key must be unique snake_case`)
    seen.add(d.key)
    const item = catalog.get(d.item)?.item
    if (!item) throw new Error(`${where}: unknown item ${d.item}`)
    const field = (k: string | undefined) => (k === undefined ? undefined : item.fields.find((f) => f.key === k) ?? (() => { throw new Error(`${where}: item ${d.item} has no field ${k}`) })())
    switch (d.kind) {
      case 'years_since': {
        if (!DATEISH.has(field(d.field)!.type)) throw new Error(`${where}: ${d.field} is not a date`)
        return { def: d, type: 'numeric', derived: true }
      }
      case 'field': {
        const f = field(d.field)!
        field(d.latestBy)
        return { def: d, type: NUMERIC.has(f.type) ? 'numeric' : 'categorical', derived: false }
      }
      case 'count': {
        if ((d.withinMonths === undefined) !== (d.dateField === undefined)) throw new Error(`${where}: withinMonths and dateField go together`)
        if (d.dateField !== undefined && !DATEISH.has(field(d.dateField)!.type)) throw new Error(`${where}: ${d.dateField} is not a date`)
        return { def: d, type: 'numeric', derived: true }
      }
      default: throw new Error(`${where}: unknown kind`)
    }
  })
}

/** The shipped definitions, as written in the data file. */
export function loadCharacteristicDefs(): CharacteristicDef[] {
  return (JSON.parse(readFileSync(FILE, 'utf8')) as { characteristics: CharacteristicDef[] }).characteristics
}

function monthsBefore(day: string, months: number): string {
  const d = new Date(`${day}T00:00:00Z`)
  d.setUTCMonth(d.getUTCMonth() - months)
  return d.toISOString().slice(0, 10)
}

/** A number as sent: 1250000.00, "1,250,000.00", or with 万 (registered capital is often written "500万"). */
const num = (v: unknown): number | null => {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null
  if (typeof v !== 'string') return null
  const t = v.trim().replace(/,/g, '')
  const wan = t.endsWith('万') || t.endsWith('万元')
  const n = Number(t.replace(/万元?$/, ''))
  return t !== '' && Number.isFinite(n) ? (wan ? n * 10_000 : n) : null
}

/** Whether `a` comes after `b`: as numbers when both are (a rating year), else as text (ISO dates and times). */
const later = (a: unknown, b: unknown) => {
  const na = num(a)
  const nb = num(b)
  return na !== null && nb !== null ? na > nb : String(a ?? '') > String(b ?? '')
}

/**
 * The value of each characteristic for one subject's records as of a day. A value the records do not give (no
 * record, an empty field) is null: the scorecard puts it in its missing bin, never reads it as zero. A count is
 * a count: no penalty record means none known, 0.
 *
 * @example
 * valuesOf(chars, records, '2026-12-01').years_in_business // 7.4, or null without a registration record
 */
export function valuesOf(chars: readonly Characteristic[], records: readonly CurrentRecord[], today: string): Record<string, Value> {
  const byItem = new Map<string, CurrentRecord[]>()
  for (const r of records) {
    const l = byItem.get(r.itemKey)
    if (l) l.push(r); else byItem.set(r.itemKey, [r])
  }
  const out: Record<string, Value> = {}
  for (const { def, type } of chars) {
    const list = byItem.get(def.item) ?? []
    if (def.kind === 'count') {
      const since = def.withinMonths ? monthsBefore(today, def.withinMonths) : undefined
      // A record without its date can't be placed outside the window, so it counts.
      out[def.key] = since ? list.filter((r) => { const d = r.values[def.dateField!]; return typeof d !== 'string' || d.slice(0, 10) >= since }).length : list.length
      continue
    }
    const by = def.kind === 'field' ? def.latestBy : undefined
    let newest: CurrentRecord | undefined
    for (const r of list) if (!newest || later(by ? r.values[by] : r.receivedAt, by ? newest.values[by] : newest.receivedAt)) newest = r
    const v = newest?.values[def.field]
    if (def.kind === 'years_since') {
      const d = typeof v === 'string' && /^\d{4}-\d{2}-\d{2}/.test(v) ? v.slice(0, 10) : null
      out[def.key] = d ? Math.max(0, Math.round(((Date.parse(today) - Date.parse(d)) / (365.25 * 86_400_000)) * 10) / 10) : null
      continue
    }
    if (v === undefined || v === null || v === '') out[def.key] = null
    else out[def.key] = type === 'numeric' ? num(v) : String(v)
  }
  return out
}
