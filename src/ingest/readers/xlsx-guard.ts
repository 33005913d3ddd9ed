import { createReadStream } from 'node:fs'
import { open } from 'node:fs/promises'
import { createInflateRaw } from 'node:zlib'
import type { XlsxLimits } from '../../core/index.js'
import { IngestErrors } from '../ingest.errors.js'

interface ZipEntry {
  name: string
  method: number
  flags: number
  compressedSize: number
  uncompressedSize: number
  localOffset: number
}

/** What a workbook unpacks to, measured by inflating it (declared sizes can lie). */
export interface XlsxMeasure {
  unpackedBytes: number
  sharedStrings: number
  sharedStringBytes: number
  /** Largest row count and column count over the worksheets. */
  rows: number
  columns: number
}

const EOCD = 0x06054b50
const CENTRAL = 0x02014b50
const LOCAL = 0x04034b50

/** Column letters (A, Z, AA, XFD) as a 1-based number. */
function columnNumber(letters: string): number {
  let n = 0
  for (const c of letters) n = n * 26 + (c.charCodeAt(0) - 64)
  return n
}

async function readAt(fh: Awaited<ReturnType<typeof open>>, position: number, length: number): Promise<Buffer> {
  const buf = Buffer.alloc(length)
  const { bytesRead } = await fh.read(buf, 0, length, position)
  return buf.subarray(0, bytesRead)
}

/**
 * The entries of a ZIP archive from its central directory, checked to tile the file: every byte before the
 * directory belongs to exactly one listed entry (its local header, data and data descriptor). A streaming reader
 * (exceljs reads local headers in file order) therefore sees exactly the entries measured here, and nothing hidden
 * between them. ZIP64 is refused: no workbook an upload may carry needs it.
 */
async function zipEntries(path: string, refuse: (why: string) => Error): Promise<ZipEntry[]> {
  const fh = await open(path, 'r')
  try {
    const size = (await fh.stat()).size
    const tailLength = Math.min(size, 22 + 0xffff)
    const tail = await readAt(fh, size - tailLength, tailLength)
    let at = -1
    for (let i = tail.length - 22; i >= 0; i--) if (tail.readUInt32LE(i) === EOCD) { at = i; break }
    if (at < 0) throw refuse('找不到 ZIP 目录 / no ZIP central directory')
    const count = tail.readUInt16LE(at + 10)
    const cdSize = tail.readUInt32LE(at + 12)
    const cdOffset = tail.readUInt32LE(at + 16)
    if (count === 0xffff || cdOffset === 0xffffffff || cdOffset + cdSize > size) throw refuse('ZIP 目录无效或为 ZIP64 / invalid or ZIP64 central directory')
    const cd = await readAt(fh, cdOffset, cdSize)
    const entries: ZipEntry[] = []
    let p = 0
    for (let i = 0; i < count; i++) {
      if (p + 46 > cd.length || cd.readUInt32LE(p) !== CENTRAL) throw refuse('ZIP 目录损坏 / corrupt central directory')
      const nameLength = cd.readUInt16LE(p + 28)
      const entry: ZipEntry = {
        flags: cd.readUInt16LE(p + 8), method: cd.readUInt16LE(p + 10), compressedSize: cd.readUInt32LE(p + 20), uncompressedSize: cd.readUInt32LE(p + 24),
        localOffset: cd.readUInt32LE(p + 42), name: cd.subarray(p + 46, p + 46 + nameLength).toString('utf8'),
      }
      if (entry.compressedSize === 0xffffffff || entry.uncompressedSize === 0xffffffff || entry.localOffset === 0xffffffff) throw refuse('不支持 ZIP64 / ZIP64 is not supported')
      entries.push(entry)
      p += 46 + nameLength + cd.readUInt16LE(p + 30) + cd.readUInt16LE(p + 32)
    }
    // The entries must follow each other from offset 0 to the directory, with no gap and no overlap.
    let expected = 0
    for (const e of [...entries].sort((a, b) => a.localOffset - b.localOffset)) {
      const local = await readAt(fh, e.localOffset, 30)
      if (e.localOffset !== expected || local.length < 30 || local.readUInt32LE(0) !== LOCAL) throw refuse('ZIP 条目不连续或有隐藏内容 / entries do not tile the archive')
      const dataStart = e.localOffset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28)
      expected = dataStart + e.compressedSize
      if (e.flags & 0x08) {
        // A data descriptor follows the data: 12 or 16 bytes (with its optional signature).
        const d = await readAt(fh, expected, 4)
        expected += d.length === 4 && d.readUInt32LE(0) === 0x08074b50 ? 16 : 12
      }
      Object.assign(e, { localOffset: dataStart })
    }
    if (expected !== cdOffset) throw refuse('ZIP 条目不连续或有隐藏内容 / entries do not tile the archive')
    return entries
  } finally {
    await fh.close()
  }
}

/** Counts regex matches across chunk boundaries: a match is counted in the chunk where it ends. */
function counter(pattern: RegExp, carry: number) {
  let tail = ''
  return (chunk: string, onMatch: (m: RegExpExecArray) => void) => {
    const text = tail + chunk
    for (const m of text.matchAll(pattern)) if (m.index! + m[0].length > tail.length) onMatch(m)
    tail = text.slice(-carry)
  }
}

/**
 * Measures an XLSX workbook before anything parses it, and refuses it (413 INGEST_XLSX_TOO_LARGE) as soon as it
 * passes a limit: total unpacked bytes, shared strings (count and bytes: exceljs keeps them all in memory), and the
 * rows and columns of each worksheet. Inflates every part as a stream and stops at the first limit passed, so a
 * 1.5 MB file that would unpack to 640 MB costs a few megabytes here.
 */
export async function checkXlsxBounds(path: string, limits: XlsxLimits, name: string): Promise<XlsxMeasure> {
  const tooLarge = (what: string, limit: number | string) => IngestErrors.XLSX_TOO_LARGE(name, what, limit)
  const entries = await zipEntries(path, (why) => IngestErrors.FILE_UNREADABLE(name, why))
  const m: XlsxMeasure = { unpackedBytes: 0, sharedStrings: 0, sharedStringBytes: 0, rows: 0, columns: 0 }
  for (const e of entries) {
    if (e.name.endsWith('/')) continue
    if (e.method !== 0 && e.method !== 8) throw IngestErrors.FILE_UNREADABLE(name, `不支持的压缩方式 ${e.method} / unsupported compression method`)
    const isShared = /^xl\/sharedStrings\d*\.xml$/i.test(e.name)
    const isSheet = /^xl\/worksheets\/[^/]+\.xml$/i.test(e.name)
    const countStrings = counter(/<(?:\w+:)?si[\s>]/g, 16)
    const countRows = counter(/<(?:\w+:)?row[\s>]/g, 16)
    const countCells = counter(/<(?:\w+:)?c\s[^>]*?\br="([A-Z]{1,4})\d+"/g, 96)
    let rows = 0
    let bytes = 0
    if (e.compressedSize === 0) continue
    const raw = createReadStream(path, { start: e.localOffset, end: e.localOffset + e.compressedSize - 1, highWaterMark: 256 * 1024 })
    const stream = e.method === 8 ? raw.pipe(createInflateRaw()) : raw
    try {
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        bytes += chunk.length
        m.unpackedBytes += chunk.length
        if (m.unpackedBytes > limits.unpackedBytes) throw tooLarge('解压后总大小 / unpacked size', `${Math.round(limits.unpackedBytes / 1024 / 1024)} MB`)
        if (!isShared && !isSheet) continue
        const text = chunk.toString('latin1')
        if (isShared) {
          m.sharedStringBytes += chunk.length
          if (m.sharedStringBytes > limits.sharedStringBytes) throw tooLarge('共享字符串大小 / shared strings size', `${Math.round(limits.sharedStringBytes / 1024 / 1024)} MB`)
          countStrings(text, () => { m.sharedStrings++ })
          if (m.sharedStrings > limits.sharedStrings) throw tooLarge('共享字符串条数 / shared strings', limits.sharedStrings)
        } else {
          countRows(text, () => { rows++ })
          if (rows > limits.rows) throw tooLarge('行数 / rows', limits.rows)
          countCells(text, (c) => { m.columns = Math.max(m.columns, columnNumber(c[1]!)) })
          if (m.columns > limits.columns) throw tooLarge('列数 / columns', limits.columns)
        }
      }
    } catch (err) {
      raw.destroy()
      if ((err as { code?: string }).code?.startsWith('Z_')) throw IngestErrors.FILE_UNREADABLE(name, `压缩数据损坏 / corrupt compressed data: ${(err as Error).message}`)
      throw err
    }
    m.rows = Math.max(m.rows, rows)
    if (bytes !== e.uncompressedSize) throw IngestErrors.FILE_UNREADABLE(name, `条目 ${e.name} 的大小与声明不符 / entry size differs from its header`)
  }
  return m
}
