import type { RawRecord } from '../ingest.types.js'

/** What a file reader hands to the batch runner. */
export interface SourceReader {
  /** About the whole source, e.g. columns that were ignored. */
  warnings: string[]
  records: AsyncIterable<RawRecord>
  /** Lets go of the file without reading the records (they are read elsewhere, or not at all). */
  close(): Promise<void>
}
