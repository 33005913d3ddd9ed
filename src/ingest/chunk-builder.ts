import type { ResolvedItem } from '../catalog/index.js'
import { copyText, CopyWriter, hmacSm3 } from '../core/index.js'
import { sealPersonalIds } from './personal-ids.js'
import { createRowValidator } from './row-validator.js'
import type { Issue, RawRecord } from './ingest.types.js'
import { fieldWithNul, quarantineRaw, storableText } from './quarantine-raw.js'

/** A value with U+0000: the row is quarantined (PostgreSQL text cannot hold it), never the batch failed. */
function nulIssue(field: string): Issue {
  return { field, code: 'FIELD_NUL_CHARACTER', zh: `${field}：含有空字符（U+0000），无法入库`, en: `${field}: contains a NUL character (U+0000), which cannot be stored` }
}

/**
 * A chunk of a batch, validated and ready to commit: COPY text for the staging tables (UTF-8 bytes, see
 * {@link CopyWriter}) and the counters that go with it, so that a chunk built in a worker thread crosses to the main
 * thread without a copy.
 */
export interface Chunk {
  /** Valid records with their subject's columns ({@link RECORD_STAGE_COLUMNS}). */
  records: Uint8Array
  /** Names a record mentions besides its subject's own (the before and after of a change of name). */
  names: string
  /** Rejected records ({@link QUARANTINE_STAGE_COLUMNS}). */
  quarantine: Uint8Array
  received: number
  valid: number
  quarantined: number
  /** Non-empty fields over the valid records, for the completeness measure. */
  filled: number
  /** Whether a record (subject and identity) comes more than once in this chunk: its versions need numbering. */
  repeats: boolean
  /** How many records of the source are behind this chunk once it commits: where a resumed batch starts. */
  position: number
  watermark: unknown
}

/** Columns of the staging table a chunk's valid records are copied into (the merge reads subjects from it too). */
export const RECORD_STAGE_COLUMNS = ['seq', 'position', 'subject_key', 'record_key', 'content_hash', 'data', 'warnings', 'uscc', 'kind', 'name', 'entity_type', 'division_code'] as const
export const NAME_STAGE_COLUMNS = ['subject_key', 'name'] as const
export const QUARANTINE_STAGE_COLUMNS = ['position', 'raw', 'raw_hash', 'issues'] as const

export interface ChunkPlan {
  /** Records of the source already committed by an earlier run of the batch: counted, not looked at again. */
  skip: number
  /** Records per chunk; a chunk also ends once its text reaches {@link MAX_CHUNK_BYTES}. */
  chunkSize: number
  dataKey: Buffer
  /** Codes that fail GB 32100 but that an operator has admitted. */
  usccAllowlist: ReadonlySet<string>
  /** The clock records' dates are checked against (see the row validator's `now`); the present by default. */
  now?: () => Date
}

/**
 * Most bytes of COPY text one chunk holds: records of ordinary size fill a chunk by count long before this, but
 * records with long texts (up to 20,000 characters a field) would otherwise make chunks of gigabytes.
 */
export const MAX_CHUNK_BYTES = 32 * 1024 * 1024

const EMPTY = new Uint8Array(0)

const line = (values: Array<string | number | boolean | null | undefined>) => values.map(copyText).join('\t') + '\n'

/**
 * Turns a stream of raw records into chunks: each record validated, then either staged with its subject or kept
 * for the quarantine with its reasons. `add` hands back a chunk when one is full; `finish` the last one.
 */
export function createChunkBuilder(resolved: ResolvedItem, plan: ChunkPlan & { watermarkOf?: (record: RawRecord) => unknown }) {
  const validate = createRowValidator(resolved, { dataKey: plan.dataKey, usccAllowlist: plan.usccAllowlist, ...(plan.now ? { now: plan.now } : {}) })
  const nameChange = resolved.item.key === 'registration_change'
  let consumed = 0
  const records = new CopyWriter()
  const quarantine = new CopyWriter()
  let names = new Set<string>()
  let identities = new Set<string>()
  let chunk = empty(plan.skip)

  function empty(position: number): Chunk {
    return { records: EMPTY, names: '', quarantine: EMPTY, received: 0, valid: 0, quarantined: 0, filled: 0, repeats: false, position, watermark: undefined }
  }

  function seal(): Chunk {
    const done = { ...chunk, records: records.take(), names: [...names].join(''), quarantine: quarantine.take() }
    names = new Set()
    identities = new Set()
    chunk = empty(consumed)
    return done
  }

  return {
    add(rec: RawRecord): Chunk | undefined {
      consumed++
      if (consumed <= plan.skip) return undefined
      const nul = rec.issue ? undefined : fieldWithNul(rec.values)
      const r = rec.issue ? { ok: false as const, issues: [rec.issue] } : nul ? { ok: false as const, issues: [nulIssue(nul)] } : validate(rec.values)
      chunk.received++
      chunk.position = consumed
      if (plan.watermarkOf) chunk.watermark = plan.watermarkOf(rec)
      if (r.ok) {
        const v = r.record
        chunk.valid++
        chunk.filled += v.filled
        const identity = v.subjectKey + '\u001e' + v.recordKey
        if (identities.has(identity)) chunk.repeats = true
        else identities.add(identity)
        records.row([chunk.valid, rec.position, v.subjectKey, v.recordKey, v.contentHash, v.data, v.warnings.length ? JSON.stringify(v.warnings) : null, v.uscc, v.subjectKind, v.subjectName, v.entityType, v.divisionCode])
        if (nameChange && /名称/.test(String(rec.values.change_item ?? ''))) {
          for (const n of [rec.values.content_before, rec.values.content_after]) if (typeof n === 'string' && n.trim()) names.add(line([v.subjectKey, n.trim()]))
        }
      } else {
        chunk.quarantined++
        const sent = quarantineRaw(rec.raw ?? rec.values)
        // Keyed hash of what was sent, so a re-sent rejected row is recognised without the hash revealing its IDs.
        const hash = hmacSm3(plan.dataKey, JSON.stringify(sent))
        const issues = r.issues.map((i) => ({ ...i, zh: storableText(i.zh, 2000), en: storableText(i.en, 2000) }))
        quarantine.row([rec.position, JSON.stringify(sealPersonalIds(sent, plan.dataKey)), hash, JSON.stringify(issues)])
      }
      return chunk.received >= plan.chunkSize || records.size + quarantine.size >= MAX_CHUNK_BYTES ? seal() : undefined
    },

    /**
     * The last chunk; also an empty one when the source had nothing beyond what was already committed, so that a
     * resumed batch still closes. Undefined when the last record filled the previous chunk exactly.
     */
    finish(): Chunk | undefined {
      return chunk.received > 0 || consumed === plan.skip ? seal() : undefined
    },
  }
}

/** Builds the chunks of a source in this thread; the next chunk is validated while the caller commits the last. */
export async function* chunksOf(records: AsyncIterable<RawRecord> | Iterable<RawRecord>, builder: ReturnType<typeof createChunkBuilder>): AsyncGenerator<Chunk> {
  for await (const rec of records) {
    const chunk = builder.add(rec)
    if (chunk) yield chunk
  }
  const last = builder.finish()
  if (last) yield last
}
