/**
 * A small streaming RFC 4180 parser made for the CSV reader of the ingest pipeline.
 *
 * Hand-written on purpose: the reader needs, for every record, its cells, its raw text (kept in the quarantine)
 * and whether its quoting is broken, and a broken quote must cost one record, never the rest of the file. No CSV
 * library offers that recovery at speed (csv-parse with `raw`, `info` and `relax_quotes` runs at a fraction of
 * the rate and needs a second pass over every row to find broken quoting), and the reader was the throughput
 * ceiling of the ingest benchmark.
 *
 * What it reads:
 * - cells separated by commas; records ended by CRLF, LF or a lone CR; a leading byte order mark (U+FEFF) dropped;
 * - quoted cells with `""` for a quote inside, which may hold commas and line breaks (a record may span lines);
 * - empty lines skipped; cells are not trimmed; nothing is interpreted (`=SUM(A1)` is just text).
 *
 * Broken quoting (the record is marked `broken`, and parsing goes on):
 * - a quote inside an unquoted cell (`ab"c`): the quote is taken as a literal character;
 * - text after a closing quote before the next comma (`"ab"c`): the closing quote and the text are taken as
 *   literal characters (the cell is `ab"c`);
 * - a record that would take other lines with it is cut back to its first physical line, which alone becomes the
 *   broken record (an unclosed quoted cell then holds the rest of that line), and parsing restarts on the next
 *   line. That happens to a broken record that spans several lines, to a quoted cell still open at the end of the
 *   input, and to a record over several lines that runs past {@link CsvLimits.maxRecordLines} physical lines or
 *   {@link CsvLimits.maxRecordChars} characters (100 lines, 1 Mi characters by default: far beyond any record of
 *   the catalog, and small enough to hold). So a stray opening quote costs its own line and the rows after it
 *   are recovered — unless a later quote happens to close it into a well-formed record, which no parser can tell
 *   from a real multi-line cell — and the parser never waits for more than one bounded record. The price: a
 *   legitimate record beyond the bounds is cut too, its lines read one by one.
 * - A physical line longer than {@link CsvLimits.maxLineChars} (8 Mi characters) throws
 *   {@link CsvLineTooLongError}: a file without line ends is not CSV, and is not held in memory whole.
 *
 * Fast path: a line without a quote is split on commas with `indexOf` and `slice`; the positions of the next quote
 * and of the next CR are cached, so a buffer is scanned for each only once. Only records with a quote go through
 * the state machine, which jumps from quote to quote and slices cells rather than concatenating characters.
 */

/** One record of a CSV file. */
export interface CsvRecord {
  /** The cells, unquoted (`""` → `"`), untrimmed. */
  cells: string[]
  /** The record's text as it stands in the file, without its line terminator (for a cut record: its first line). */
  raw: string
  /** Whether the record's quoting breaks RFC 4180 (see the module documentation for how it was read anyway). */
  broken: boolean
  /** The physical line (from 1) the record starts on. */
  line: number
}

export interface CsvLimits {
  /** A record that runs past this many physical lines is taken as an unclosed quote. */
  maxRecordLines: number
  /** A record over several lines that runs past this many characters is taken as an unclosed quote. */
  maxRecordChars: number
  /** A physical line longer than this is not CSV: {@link CsvLineTooLongError}. Bounds the memory of a file without line ends. */
  maxLineChars: number
}

export const DEFAULT_CSV_LIMITS: CsvLimits = { maxRecordLines: 100, maxRecordChars: 1024 * 1024, maxLineChars: 8 * 1024 * 1024 }

/** Thrown when a physical line runs past {@link CsvLimits.maxLineChars}: the input is not line-based text. */
export class CsvLineTooLongError extends Error {
  constructor(
    readonly line: number,
    readonly limit: number,
  ) {
    super(`CSV line ${line} is longer than ${limit} characters`)
    this.name = 'CsvLineTooLongError'
  }
}

const QUOTE = 34
const COMMA = 44
const LF = 10
const CR = 13

/** parseRecord outcomes */
const DONE = 0
const MORE = 1
const CUT = 2

/**
 * Push parser: feed it text chunks with {@link CsvLineParser.push}, then call {@link CsvLineParser.end}; each call
 * returns the records completed so far. A record split across chunks is carried over.
 */
export class CsvLineParser {
  private buf = ''
  private pos = 0
  private line = 1
  private started = false
  /** The carried-over text is an unfinished line (no line end in it): chunks without a line end are only collected. */
  private lineOpen = false
  private pending: string[] = []
  private pendingChars = 0
  /** Index of the next quote at or after the last search, -1 if none is left in `buf`, -2 when unknown. */
  private quoteAt = -2
  /** The same for CR. */
  private crAt = -2
  private readonly limits: CsvLimits

  // Results of parseRecord (fields rather than an object: no allocation per quoted record).
  private rCells: string[] = []
  private rEnd = 0
  private rNext = 0
  private rBroken = false
  private rLines = 0

  constructor(limits: Partial<CsvLimits> = {}) {
    this.limits = { ...DEFAULT_CSV_LIMITS, ...limits }
  }

  /** Adds a chunk of text and returns the records it completes. */
  push(chunk: string, out: CsvRecord[] = []): CsvRecord[] {
    if (!this.started) {
      if (chunk.length === 0) return out
      this.started = true
      if (chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1)
    }
    if (this.lineOpen && chunk.indexOf('\n') === -1 && chunk.indexOf('\r') === -1) {
      // Still no line end: keep the chunk aside rather than copy the growing line again.
      this.pending.push(chunk)
      this.pendingChars += chunk.length
      if (this.buf.length - this.pos + this.pendingChars > this.limits.maxLineChars) throw new CsvLineTooLongError(this.line, this.limits.maxLineChars)
      return out
    }
    this.append(chunk)
    this.drain(false, out)
    return out
  }

  private append(chunk: string): void {
    if (this.pending.length) {
      chunk = this.pending.join('') + chunk
      this.pending = []
      this.pendingChars = 0
    }
    this.buf = this.pos < this.buf.length ? this.buf.slice(this.pos) + chunk : chunk
    this.pos = 0
    this.lineOpen = false
    this.quoteAt = -2
    this.crAt = -2
  }

  /** Ends the input and returns the last records. */
  end(out: CsvRecord[] = []): CsvRecord[] {
    if (this.pending.length) this.append('')
    this.drain(true, out)
    this.buf = ''
    this.pos = 0
    return out
  }

  private drain(final: boolean, out: CsvRecord[]): void {
    const buf = this.buf
    const n = buf.length
    let pos = this.pos
    while (pos < n) {
      const lf = buf.indexOf('\n', pos)
      let cr = this.crAt
      if (cr !== -1 && cr < pos) cr = this.crAt = buf.indexOf('\r', pos)
      let eol: number
      let next: number
      if (cr !== -1 && (lf === -1 || cr < lf)) {
        if (cr + 1 === n && !final) break // a CR at the end of the chunk: is an LF next?
        eol = cr
        next = buf.charCodeAt(cr + 1) === LF ? cr + 2 : cr + 1
      } else if (lf !== -1) {
        eol = lf
        next = lf + 1
      } else {
        if (!final) {
          if (n - pos > this.limits.maxLineChars) throw new CsvLineTooLongError(this.line, this.limits.maxLineChars)
          this.lineOpen = true
          break
        }
        eol = next = n
      }
      let q = this.quoteAt
      if (q !== -1 && q < pos) q = this.quoteAt = buf.indexOf('"', pos)
      if (q !== -1 && q < eol) {
        // A quote on this line: the slow path, which may span lines.
        const line = this.line
        let status = this.parseRecord(pos, n, final, false)
        if (status === MORE) {
          // Not complete in the buffer: wait for more, unless it is past the bound already (the record holds at
          // least buf[pos, n - 1): the last character may be a CR that ends it).
          if (n - pos - 1 <= this.limits.maxRecordChars) break
          status = CUT
        }
        // A broken record never takes other lines with it; nor does a multi-line one run past the bound.
        if (status === DONE && this.rLines > 0 && (this.rBroken || this.rEnd - pos > this.limits.maxRecordChars)) status = CUT
        if (status === CUT) {
          // Only the first physical line is the (broken) record; parsing restarts on the next one.
          this.parseRecord(pos, eol, true, true)
          out.push({ cells: this.rCells, raw: buf.slice(pos, eol), broken: true, line })
          this.line = line + 1
          pos = next
        } else {
          out.push({ cells: this.rCells, raw: buf.slice(pos, this.rEnd), broken: this.rBroken, line })
          this.line = line + this.rLines + 1
          pos = this.rNext
        }
        continue
      }
      if (eol > pos) {
        const cells: string[] = []
        let from = pos
        for (;;) {
          const comma = buf.indexOf(',', from)
          if (comma === -1 || comma >= eol) break
          cells.push(buf.slice(from, comma))
          from = comma + 1
        }
        cells.push(buf.slice(from, eol))
        out.push({ cells, raw: buf.slice(pos, eol), broken: false, line: this.line })
      }
      this.line++
      pos = next
    }
    this.pos = pos
  }

  /**
   * Parses one record starting at `start`, reading no further than `limit`. `lineMode`: `limit` is the end of the
   * record's first line, and an unclosed quoted cell holds the rest of it. Returns DONE (results in the r* fields),
   * MORE (the record is not complete in the buffer) or CUT (a quoted cell is not closed within the limits).
   */
  private parseRecord(start: number, limit: number, final: boolean, lineMode: boolean): number {
    const buf = this.buf
    const { maxRecordLines, maxRecordChars } = this.limits
    const atEnd = final || lineMode
    const cells: string[] = []
    let broken = false
    let lines = 0
    let i = start
    for (;;) {
      let value: string
      if (i < limit && buf.charCodeAt(i) === QUOTE) {
        // Quoted cell: jump from quote to quote.
        let seg = i + 1
        value = ''
        for (;;) {
          let q = buf.indexOf('"', seg)
          if (q >= limit) q = -1
          const to = q === -1 ? limit : q
          if (!lineMode) {
            lines += countBreaks(buf, seg, to, maxRecordLines - lines + 1)
            if (lines > maxRecordLines || (lines > 0 && to - start > maxRecordChars)) return CUT
          }
          if (q === -1) {
            if (lineMode) {
              value += buf.slice(seg, limit)
              broken = true
              i = limit
              break
            }
            return final ? CUT : MORE
          }
          if (q + 1 === limit && !atEnd) return MORE // "" split by the chunk?
          if (buf.charCodeAt(q + 1) === QUOTE && q + 1 < limit) {
            value += buf.slice(seg, q + 1)
            seg = q + 2
            continue
          }
          value += buf.slice(seg, q)
          i = q + 1
          break
        }
        if (i < limit) {
          const c = buf.charCodeAt(i)
          if (c !== COMMA && c !== LF && c !== CR) {
            // Text after the closing quote: keep the quote and the text as they are, up to the cell's end.
            broken = true
            const e = cellEnd(buf, i, limit)
            value += buf.slice(i - 1, e)
            i = e
          }
        }
      } else {
        const e = cellEnd(buf, i, limit)
        value = buf.slice(i, e)
        if (!broken && value.includes('"')) broken = true
        i = e
      }
      cells.push(value)
      if (i >= limit) {
        if (!atEnd) return MORE
        this.setResult(cells, limit, limit, broken, lines)
        return DONE
      }
      const c = buf.charCodeAt(i)
      if (c === COMMA) {
        i++
        continue
      }
      // CR or LF: the end of the record.
      if (c === CR) {
        if (i + 1 >= limit && !atEnd) return MORE
        this.setResult(cells, i, buf.charCodeAt(i + 1) === LF ? i + 2 : i + 1, broken, lines)
      } else {
        this.setResult(cells, i, i + 1, broken, lines)
      }
      return DONE
    }
  }

  private setResult(cells: string[], end: number, next: number, broken: boolean, lines: number): void {
    this.rCells = cells
    this.rEnd = end
    this.rNext = next
    this.rBroken = broken
    this.rLines = lines
  }
}

/** The end of an unquoted stretch of a cell: the next comma, CR or LF, or `limit`. */
function cellEnd(buf: string, i: number, limit: number): number {
  for (; i < limit; i++) {
    const c = buf.charCodeAt(i)
    if (c === COMMA || c === LF || c === CR) return i
  }
  return limit
}

/** Line breaks (CRLF, LF or lone CR) in buf[from, to), counting no further than `stopAt`. */
function countBreaks(buf: string, from: number, to: number, stopAt: number): number {
  let n = 0
  for (let i = from; i < to && n < stopAt; i++) {
    const c = buf.charCodeAt(i)
    if (c === LF) n++
    else if (c === CR && buf.charCodeAt(i + 1) !== LF) n++
  }
  return n
}

/**
 * Parses a stream of text chunks into batches of records (one batch per chunk that completes any). Memory stays
 * flat: only the current chunk and an unfinished record are held.
 */
export async function* csvRecordBatches(chunks: AsyncIterable<string>, limits: Partial<CsvLimits> = {}): AsyncGenerator<CsvRecord[]> {
  const parser = new CsvLineParser(limits)
  for await (const chunk of chunks) {
    const out = parser.push(chunk)
    if (out.length) yield out
  }
  const last = parser.end()
  if (last.length) yield last
}

/** Parses a whole string (tests and small inputs). */
export function parseCsvText(text: string, limits: Partial<CsvLimits> = {}): CsvRecord[] {
  const parser = new CsvLineParser(limits)
  const out = parser.push(text)
  return parser.end(out)
}

/**
 * Text chunks from byte chunks, decoded as UTF-8 or GB18030 in stream mode (a character split between two byte
 * chunks is decoded whole). The byte order mark is left to the parser.
 */
export async function* decodeChunks(bytes: AsyncIterable<Buffer | Uint8Array>, encoding: 'utf8' | 'gb18030'): AsyncGenerator<string> {
  const decoder = new TextDecoder(encoding === 'utf8' ? 'utf-8' : 'gb18030', { ignoreBOM: true })
  for await (const b of bytes) {
    const s = decoder.decode(b, { stream: true })
    if (s) yield s
  }
  const s = decoder.decode()
  if (s) yield s
}
