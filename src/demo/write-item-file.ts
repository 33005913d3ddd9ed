/**
 * Writes records of one catalog item to a file the way a provider would deliver them: CSV
 * (RFC 4180) or JSON Lines, with Chinese headers (the catalog field names) or field keys, in
 * UTF-8, UTF-8 with BOM (what Excel on Chinese Windows expects) or GB18030.
 *
 * Streams: rows are consumed one at a time, joined into ~64 KB string chunks, and written with
 * backpressure (waits for 'drain'), so a million-row file never sits in memory.
 */

import { createWriteStream } from 'node:fs'
import iconv from 'iconv-lite'
import type { CatalogItem } from '../catalog/index.js'

export type ItemFileFormat = 'csv' | 'jsonl'
export type ItemFileHeader = 'zh' | 'key'
export type ItemFileEncoding = 'utf8' | 'utf8-bom' | 'gb18030'

type Cell = string | number | boolean | null | undefined

export interface WriteItemFileOptions {
  path: string
  item: CatalogItem
  rows: Iterable<Readonly<Record<string, Cell>>> | AsyncIterable<Readonly<Record<string, Cell>>>
  format: ItemFileFormat
  /** CSV header row / JSON Lines property names: the catalog field names (zh, default) or keys. */
  header?: ItemFileHeader
  encoding?: ItemFileEncoding
}

const CHUNK_CHARS = 64 * 1024
/** Characters that force quotes anywhere in a field. */
const NEEDS_QUOTES = /[",\r\n]/
const QUOTE_G = /"/g

/** Whether a CSV field must be quoted: it holds a comma, quote, CR or LF, or starts or ends with whitespace. */
function needsQuotes(value: string): boolean {
  const first = value.charCodeAt(0)
  const last = value.charCodeAt(value.length - 1)
  if (first <= 32 || last <= 32 || first === 0x3000 || last === 0x3000 || NEEDS_QUOTES.test(value)) return true
  return false
}

/** One CSV field per RFC 4180 (plus quoting of leading/trailing spaces so they survive trimming readers). */
export function csvField(value: Cell): string {
  if (value === null || value === undefined) return ''
  if (typeof value !== 'string') return String(value)
  if (value === '' || !needsQuotes(value)) return value
  return `"${value.replace(QUOTE_G, '""')}"`
}

/**
 * Writes `rows` to `path` and resolves with the number of rows written. Values are written as
 * given: null → empty CSV field / JSON null, booleans as true/false, numbers as JavaScript prints
 * them; text that looks like a spreadsheet formula ('=SUM(A1)') is written unchanged.
 */
export async function writeItemFile(opts: WriteItemFileOptions): Promise<number> {
  const { item, format } = opts
  const header = opts.header ?? 'zh'
  const encoding = opts.encoding ?? 'utf8'
  if (format !== 'csv' && format !== 'jsonl') throw new RangeError(`format must be csv or jsonl, got ${String(format)}`)
  if (header !== 'zh' && header !== 'key') throw new RangeError(`header must be zh or key, got ${String(header)}`)
  if (encoding !== 'utf8' && encoding !== 'utf8-bom' && encoding !== 'gb18030') {
    throw new RangeError(`encoding must be utf8, utf8-bom or gb18030, got ${String(encoding)}`)
  }

  const keys = item.fields.map((f) => f.key)
  const names = header === 'zh' ? item.fields.map((f) => f.name) : keys
  const n = keys.length
  const stream = createWriteStream(opts.path)
  const encoder = encoding === 'gb18030' ? iconv.getEncoder('gb18030') : undefined
  let failure: Error | undefined
  stream.on('error', (e) => (failure = e))

  /** Resolves on `event`, rejects on 'error', and leaves no listener behind either way. */
  function until(event: 'drain' | 'finish'): Promise<void> {
    return new Promise((resolve, reject) => {
      if (failure) return reject(failure)
      const onEvent = () => {
        stream.off('error', onError)
        resolve()
      }
      const onError = (e: Error) => {
        stream.off(event, onEvent)
        reject(e)
      }
      stream.once(event, onEvent)
      stream.once('error', onError)
    })
  }

  async function put(data: string | Buffer): Promise<void> {
    if (failure) throw failure
    if (!stream.write(data)) await until('drain')
  }

  const write = (text: string): Promise<void> => put(encoder ? encoder.write(text) : text)

  let chunk = encoding === 'utf8-bom' ? '\uFEFF' : ''
  if (format === 'csv') chunk += names.map(csvField).join(',') + '\r\n'

  let count = 0
  const line =
    format === 'csv'
      ? (row: Readonly<Record<string, Cell>>): string => {
          let s = csvField(row[keys[0] as string])
          for (let i = 1; i < n; i++) s += ',' + csvField(row[keys[i] as string])
          return s + '\r\n'
        }
      : header === 'key'
        ? (row: Readonly<Record<string, Cell>>): string => {
            const o: Record<string, Cell> = {}
            for (let i = 0; i < n; i++) o[keys[i] as string] = row[keys[i] as string] ?? null
            return JSON.stringify(o) + '\n'
          }
        : (row: Readonly<Record<string, Cell>>): string => {
            const o: Record<string, Cell> = {}
            for (let i = 0; i < n; i++) o[names[i] as string] = row[keys[i] as string] ?? null
            return JSON.stringify(o) + '\n'
          }

  try {
    const rows = opts.rows
    if (Symbol.iterator in rows) {
      for (const row of rows as Iterable<Readonly<Record<string, Cell>>>) {
        chunk += line(row)
        count++
        if (chunk.length >= CHUNK_CHARS) {
          await write(chunk)
          chunk = ''
        }
      }
    } else {
      for await (const row of rows) {
        chunk += line(row)
        count++
        if (chunk.length >= CHUNK_CHARS) {
          await write(chunk)
          chunk = ''
        }
      }
    }
    if (chunk.length > 0) await write(chunk)
    const tail = encoder?.end()
    if (tail !== undefined && tail.length > 0) await put(tail)
    const finished = until('finish')
    stream.end()
    await finished
  } catch (e) {
    stream.destroy()
    throw e
  }
  if (failure) throw failure
  return count
}
