import type { RawRecord } from '../ingest.types.js'

/** What a file reader hands to the batch runner. */
export interface SourceReader {
  /** About the whole source, e.g. columns that were ignored. */
  warnings: string[]
  records: AsyncIterable<RawRecord>
}
