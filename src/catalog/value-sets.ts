/**
 * Value sets (值域) for catalog fields typed `enum`, loaded once from `data/catalog/value-sets.json`.
 *
 * The JSON is data, edited by people: it is validated when this module loads and a mistake (a `sameAs` pointing
 * nowhere, one spelling mapped to two codes, bands out of order …) throws at start-up instead of misfiling records.
 *
 * Lookup order for a field: the `itemKey.fieldKey` set if there is one, else the `fieldKey` set. Within a set a value
 * matches by code, label or alias, compared after {@link normaliseEnumKey} (case, width, whitespace, dash variants).
 * Every lookup is two Map hits in the common case and returns a shared, pre-built result object (no allocation).
 */
import valueSetsJson from '../../data/catalog/value-sets.json' with { type: 'json' }
import { normaliseEnumKey } from './normalise.js'

export type OnUnknown = 'quarantine' | 'warn'

/** One allowed value as written in value-sets.json. */
export interface ValueSetValue {
  code: string
  label: string
  aliases?: string[]
  /** Banded sets only: inclusive upper bound of the band; the last band has none. */
  max?: number
}

/** A set as written in value-sets.json. */
export interface ValueSetDefinition {
  name?: string
  source?: string
  note?: string
  onUnknown: OnUnknown
  values: ValueSetValue[]
  /** Regex (on the upper-cased normalised value); a match is accepted and stored as that upper-cased value. */
  codePattern?: string
  /** GB/T 4754 门类 letter → [first, last] 大类 number. */
  industryDivisions?: Record<string, [number, number]>
}

export interface ValueSetReference {
  sameAs: string
  note?: string
}

export interface ValueSetsDocument {
  title?: string
  version?: string
  notes?: string[]
  sets: Record<string, ValueSetDefinition | ValueSetReference>
}

export interface EnumMatch {
  readonly kind: 'match'
  readonly code: string
}

/** A plain number sent for a banded field, put into its band (the caller should warn: the band was expected). */
export interface EnumBanded {
  readonly kind: 'banded'
  readonly code: string
}

export interface EnumUnknown {
  readonly kind: 'unknown'
  readonly set: ValueSet
}

export interface EnumNoValueSet {
  readonly kind: 'no_value_set'
}

export type EnumLookupResult = EnumMatch | EnumBanded | EnumUnknown | EnumNoValueSet

/** A compiled, read-only value set. */
export interface ValueSet {
  /** The key the set is defined under in value-sets.json (for a `sameAs` reference: the target's key). */
  readonly key: string
  readonly name: string
  readonly onUnknown: OnUnknown
  readonly values: readonly Readonly<ValueSetValue>[]
  /** A few allowed codes, for messages. */
  readonly examples: readonly string[]
  /** Look a raw (already trimmed) value up in this set. */
  lookup(raw: string): EnumMatch | EnumBanded | EnumUnknown
}

export interface ValueSetRegistry {
  readonly version: string
  /** Every key in the file, including `itemKey.fieldKey` overrides and `sameAs` references. */
  readonly keys: readonly string[]
  get(fieldKey: string, itemKey?: string): ValueSet | undefined
  lookup(fieldKey: string, itemKey: string | undefined, raw: string): EnumLookupResult
}

const NO_VALUE_SET: EnumNoValueSet = Object.freeze({ kind: 'no_value_set' })
/** A plain number for a banded set, optionally with its unit: `35`, `35人`, `8000元`, `1.2万`. */
const BAND_NUMBER = /^(\d+(?:\.\d+)?)(万元|万|元|人)?$/
const THOUSANDS_G = /,/g
const INDUSTRY_CODE = /^(?:([A-Z])[-.]?)?(\d{2,4})$/
/** A leading code token followed by a label, e.g. `C3011烧结类砖瓦制造` or `C制造业` (whitespace already removed). */
const INDUSTRY_CODE_PREFIX = /^((?:[A-Z][-.]?)?\d{2,4}|[A-Z])(?![A-Z0-9])/
const EXAMPLE_COUNT = 6
/** Per-set memo of raw spellings already resolved (variants, unknowns): bounded, and only for short values. */
const MEMO_LIMIT = 10_000
const MEMO_MAX_LENGTH = 100

class CompiledValueSet implements ValueSet {
  readonly key: string
  readonly name: string
  readonly onUnknown: OnUnknown
  readonly values: readonly Readonly<ValueSetValue>[]
  readonly examples: readonly string[]
  private readonly exact = new Map<string, EnumMatch>()
  private readonly normalised = new Map<string, EnumMatch>()
  private readonly unknown: EnumUnknown
  private readonly memo = new Map<string, EnumMatch | EnumBanded | EnumUnknown>()
  private readonly pattern: RegExp | undefined
  private readonly divisionByMajor: Map<number, string> | undefined
  private readonly bands: readonly { readonly max: number; readonly result: EnumBanded }[] | undefined
  private readonly topBand: EnumBanded | undefined

  constructor(key: string, def: ValueSetDefinition) {
    this.key = key
    this.name = def.name ?? key
    if (def.onUnknown !== 'quarantine' && def.onUnknown !== 'warn') {
      throw new Error(`value-sets.json: set "${key}" needs onUnknown "quarantine" or "warn"`)
    }
    this.onUnknown = def.onUnknown
    if (!Array.isArray(def.values) || def.values.length === 0) {
      throw new Error(`value-sets.json: set "${key}" has no values`)
    }
    this.values = def.values.map((v) => Object.freeze({ ...v, aliases: v.aliases ? [...v.aliases] : [] }))
    this.examples = this.values.slice(0, EXAMPLE_COUNT).map((v) => v.code)
    this.unknown = Object.freeze({ kind: 'unknown', set: this })

    const bands: { max: number; result: EnumBanded }[] = []
    let topBand: EnumBanded | undefined
    const banded = def.values.some((v) => v.max !== undefined)

    for (const [i, v] of def.values.entries()) {
      if (typeof v.code !== 'string' || v.code.trim() === '' || typeof v.label !== 'string') {
        throw new Error(`value-sets.json: set "${key}" value #${i + 1} needs a code and a label`)
      }
      const match: EnumMatch = Object.freeze({ kind: 'match', code: v.code })
      for (const spelling of [v.code, v.label, ...(v.aliases ?? [])]) {
        if (typeof spelling !== 'string' || spelling.trim() === '') {
          throw new Error(`value-sets.json: set "${key}" code "${v.code}" has an empty spelling`)
        }
        const trimmed = spelling.trim()
        const norm = normaliseEnumKey(trimmed)
        const taken = this.normalised.get(norm)
        if (taken !== undefined && taken.code !== v.code) {
          throw new Error(
            `value-sets.json: set "${key}": "${spelling}" would match both "${taken.code}" and "${v.code}"`,
          )
        }
        if (taken === undefined) this.normalised.set(norm, match)
        if (!this.exact.has(trimmed)) this.exact.set(trimmed, match)
      }
      if (banded) {
        const result: EnumBanded = Object.freeze({ kind: 'banded', code: v.code })
        if (v.max === undefined) {
          if (i !== def.values.length - 1) {
            throw new Error(`value-sets.json: set "${key}": only the last band may have no max ("${v.code}")`)
          }
          topBand = result
        } else {
          const prev = bands[bands.length - 1]
          if (typeof v.max !== 'number' || (prev !== undefined && v.max <= prev.max)) {
            throw new Error(`value-sets.json: set "${key}": band maxima must increase ("${v.code}")`)
          }
          bands.push({ max: v.max, result })
        }
      }
    }
    this.bands = banded ? bands : undefined
    this.topBand = topBand
    this.pattern = def.codePattern === undefined ? undefined : new RegExp(def.codePattern)

    if (def.industryDivisions !== undefined) {
      const byMajor = new Map<number, string>()
      for (const [letter, range] of Object.entries(def.industryDivisions)) {
        const [first, last] = range
        if (!/^[A-Z]$/.test(letter) || !(first <= last)) {
          throw new Error(`value-sets.json: set "${key}": bad industry division ${letter}`)
        }
        for (let major = first; major <= last; major++) {
          if (byMajor.has(major)) throw new Error(`value-sets.json: set "${key}": 大类 ${major} in two divisions`)
          byMajor.set(major, letter)
        }
      }
      this.divisionByMajor = byMajor
    }
  }

  lookup(raw: string): EnumMatch | EnumBanded | EnumUnknown {
    const hit = this.exact.get(raw) ?? this.memo.get(raw)
    if (hit !== undefined) return hit
    const result = this.resolve(raw)
    if (raw.length <= MEMO_MAX_LENGTH && this.memo.size < MEMO_LIMIT) this.memo.set(raw, result)
    return result
  }

  private resolve(raw: string): EnumMatch | EnumBanded | EnumUnknown {
    const norm = normaliseEnumKey(raw)
    const normHit = this.normalised.get(norm)
    if (normHit !== undefined) return normHit

    if (this.pattern !== undefined || this.divisionByMajor !== undefined) {
      const upper = norm.toUpperCase()
      if (this.pattern !== undefined && this.pattern.test(upper)) return Object.freeze({ kind: 'match', code: upper })
      if (this.divisionByMajor !== undefined) {
        const industry = this.industryCode(upper)
        if (industry !== undefined) return industry
      }
    }
    if (this.bands !== undefined) {
      const banded = this.band(norm)
      if (banded !== undefined) return banded
    }
    return this.unknown
  }

  /** GB/T 4754: `C3011`, `c 3011`, bare `3011` (the 门类 letter is added), or a code followed by its label. */
  private industryCode(upper: string): EnumMatch | undefined {
    const divisions = this.divisionByMajor
    if (divisions === undefined) return undefined
    let m = INDUSTRY_CODE.exec(upper)
    if (m === null) {
      const prefix = INDUSTRY_CODE_PREFIX.exec(upper)
      if (prefix === null || prefix[1] === undefined) return undefined
      const token = prefix[1]
      if (token.length === 1) return this.normalised.get(token.toLowerCase())
      m = INDUSTRY_CODE.exec(token)
      if (m === null) return undefined
    }
    const letter = m[1] ?? ''
    const digits = m[2] ?? ''
    const expected = divisions.get(Number(digits.slice(0, 2)))
    if (expected === undefined || (letter !== '' && letter !== expected)) return undefined
    return Object.freeze({ kind: 'match', code: expected + digits })
  }

  private band(norm: string): EnumBanded | undefined {
    const bands = this.bands
    if (bands === undefined) return undefined
    const m = BAND_NUMBER.exec(norm.replace(THOUSANDS_G, ''))
    if (m === null) return undefined
    const unit = m[2]
    const n = Number(m[1]) * (unit === '万' || unit === '万元' ? 10_000 : 1)
    for (const b of bands) if (n <= b.max) return b.result
    return this.topBand
  }
}

function isReference(def: ValueSetDefinition | ValueSetReference): def is ValueSetReference {
  return typeof (def as ValueSetReference).sameAs === 'string'
}

/** Validate and compile a value-sets document. Throws on any inconsistency. Exported for tests and tooling. */
export function compileValueSets(doc: unknown): ValueSetRegistry {
  if (doc === null || typeof doc !== 'object' || typeof (doc as ValueSetsDocument).sets !== 'object') {
    throw new Error('value-sets.json: expected an object with "sets"')
  }
  const { sets, version } = doc as ValueSetsDocument
  const compiled = new Map<string, CompiledValueSet>()
  for (const [key, def] of Object.entries(sets)) {
    if (def === null || typeof def !== 'object') throw new Error(`value-sets.json: set "${key}" is not an object`)
    if (!isReference(def)) compiled.set(key, new CompiledValueSet(key, def))
  }
  const byField = new Map<string, ValueSet>()
  /** itemKey → fieldKey → set: two Map hits, no string concatenation per lookup. */
  const byItem = new Map<string, Map<string, ValueSet>>()
  for (const [key, def] of Object.entries(sets)) {
    let set: ValueSet | undefined
    if (isReference(def)) {
      set = compiled.get(def.sameAs)
      if (set === undefined) {
        throw new Error(`value-sets.json: "${key}" refers to "${def.sameAs}", which is not a set with values`)
      }
    } else {
      set = compiled.get(key)
    }
    if (set === undefined) continue
    const dot = key.indexOf('.')
    if (dot === -1) {
      byField.set(key, set)
    } else {
      const itemKey = key.slice(0, dot)
      const fieldKey = key.slice(dot + 1)
      if (itemKey === '' || fieldKey === '' || fieldKey.includes('.')) {
        throw new Error(`value-sets.json: bad key "${key}" (use fieldKey or itemKey.fieldKey)`)
      }
      let fields = byItem.get(itemKey)
      if (fields === undefined) byItem.set(itemKey, (fields = new Map()))
      fields.set(fieldKey, set)
    }
  }

  const get = (fieldKey: string, itemKey?: string): ValueSet | undefined => {
    if (itemKey !== undefined) {
      const override = byItem.get(itemKey)?.get(fieldKey)
      if (override !== undefined) return override
    }
    return byField.get(fieldKey)
  }

  return {
    version: typeof version === 'string' ? version : '',
    keys: Object.freeze(Object.keys(sets)),
    get,
    lookup(fieldKey, itemKey, raw) {
      const set = get(fieldKey, itemKey)
      return set === undefined ? NO_VALUE_SET : set.lookup(raw)
    },
  }
}

/** The registry built from `data/catalog/value-sets.json` at module load. */
export const valueSets: ValueSetRegistry = compileValueSets(valueSetsJson as unknown)

/** The value set for a field (item-specific override first), or undefined if the field has none. */
export function getValueSet(fieldKey: string, itemKey?: string): ValueSet | undefined {
  return valueSets.get(fieldKey, itemKey)
}

/**
 * Look up a raw enum value (trimmed by the caller; width, case and whitespace do not matter).
 * `match`: store `code`. `banded`: a number was sent for a banded field, store `code` and warn. `unknown`: see
 * `set.onUnknown`. `no_value_set`: the field has no set in value-sets.json.
 */
export function lookupEnum(fieldKey: string, itemKey: string | undefined, raw: string): EnumLookupResult {
  return valueSets.lookup(fieldKey, itemKey, raw)
}
