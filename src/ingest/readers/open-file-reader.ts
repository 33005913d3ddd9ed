import { open } from 'node:fs/promises'
import { extname } from 'node:path'
import type { ResolvedItem } from '../../catalog/index.js'
import { IngestErrors } from '../ingest.errors.js'
import { openCsvReader } from './csv-reader.js'
import { openJsonlReader } from './jsonl-reader.js'
import { openXlsxReader } from './xlsx-reader.js'
import { checkXlsxBounds } from './xlsx-guard.js'
import { DEFAULT_LIMITS, type XlsxLimits } from '../../core/index.js'
import { detectEncoding, encodingFromFlag } from './text-decoding.js'
import type { SourceReader } from './source-reader.js'

export type FileFormat = 'csv' | 'xlsx' | 'jsonl'

/**
 * Opens a delivered file as a stream of raw records: the format from the extension (or the ZIP signature of
 * XLSX), the text encoding from the flag or from the bytes. Throws a clear error when the file cannot be read
 * at all; bad rows inside a readable file are not errors here, they are quarantined later.
 */
export async function openFileReader(path: string, resolved: ResolvedItem, opts: { encoding?: string; format?: FileFormat; name?: string; xlsxLimits?: XlsxLimits | 'checked' } = {}): Promise<SourceReader & { format: FileFormat; encoding: string }> {
  const name = opts.name ?? path
  let sample: Buffer
  try {
    const fh = await open(path, 'r')
    try {
      const buf = Buffer.alloc(64 * 1024)
      const { bytesRead } = await fh.read(buf, 0, buf.length, 0)
      sample = buf.subarray(0, bytesRead)
    } finally {
      await fh.close()
    }
  } catch (err) {
    throw IngestErrors.FILE_UNREADABLE(name, (err as NodeJS.ErrnoException).code === 'ENOENT' ? '文件不存在 / no such file' : (err as Error).message)
  }
  const isZip = sample.length >= 4 && sample.readUInt32LE(0) === 0x04034b50
  const ext = extname(name).toLowerCase()
  const format: FileFormat = opts.format ?? (isZip || ext === '.xlsx' ? 'xlsx' : ext === '.jsonl' || ext === '.ndjson' ? 'jsonl' : ext === '.csv' || ext === '.txt' || ext === '' ? 'csv' : (() => { throw IngestErrors.FILE_FORMAT(ext) })())
  if (format === 'xlsx') {
    if (!isZip) throw IngestErrors.FILE_UNREADABLE(name, '不是有效的 XLSX 文件 / not a valid XLSX workbook')
    // Measured before exceljs builds anything: a small file may unpack to gigabytes.
    if (opts.xlsxLimits !== 'checked') await checkXlsxBounds(path, opts.xlsxLimits ?? DEFAULT_LIMITS.xlsx, name)
    return { ...(await openXlsxReader(path, resolved, name)), format, encoding: 'binary' }
  }
  if (sample.includes(0)) throw IngestErrors.FILE_UNREADABLE(name, '看起来是二进制文件，不是文本 / looks binary, not text')
  const encoding = opts.encoding ? encodingFromFlag(opts.encoding) : detectEncoding(sample)
  if (format === 'jsonl') return { ...openJsonlReader(path, resolved, encoding), format, encoding }
  return { ...(await openCsvReader(path, resolved, encoding, name)), format, encoding }
}
