import type { CollectionMethod } from '../catalog/index.js'

/** A reason a record (or one of its fields) was not accepted, for the provider to read. */
export interface Issue {
  /** The field's key, or '*' for the record as a whole. */
  field: string
  code: string
  zh: string
  en: string
}

/** One record as a source delivered it, before validation. */
export interface RawRecord {
  /**
   * Where it stood in the source, as a person finds it: the spreadsheet row (header = row 1), the line of a JSON
   * Lines file, the index in an API call (from 1), or the pull's running number.
   */
  position: number
  /** Values keyed by catalog field key. */
  values: Record<string, unknown>
  /** What was sent, as sent (original headers), kept for the quarantine. Defaults to `values`. */
  raw?: Record<string, unknown>
  /** Set by a reader when the record could not even be read (a broken CSV line, a line that is not JSON). */
  issue?: Issue
}

export interface BatchSummary {
  batchId: string
  itemKey: string
  provider: string
  method: CollectionMethod
  catalogVersion: number
  status: 'running' | 'completed' | 'failed'
  received: number
  stored: number
  /** Records that failed validation (all kept in the quarantine). */
  quarantined: number
  /** Of those, how many were already waiting in the quarantine from an earlier delivery (kept once). */
  quarantineRepeats: number
  /** Valid records already stored (in any version): nothing stored again. */
  duplicates: number
  /** True when this run continued a batch that an earlier, interrupted run had started. */
  resumed: boolean
  warnings: string[]
}
