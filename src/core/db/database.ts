/**
 * The one door to PostgreSQL. The same SQL runs on the embedded PGlite and on a PostgreSQL server; repositories
 * write plain SQL against this small interface so that the SQL a reviewer reads is the SQL that runs.
 */
export interface Sql {
  /** One statement with `$1…` parameters. */
  query<R = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<R[]>
  /** Several statements, no parameters (migrations, DDL). */
  exec(text: string): Promise<void>
  /**
   * Bulk load with `COPY … FROM STDIN` in PostgreSQL's text format: one row per line, columns separated by tabs,
   * values escaped with {@link copyText}, as a string or as its UTF-8 bytes (see {@link CopyWriter}). The fastest
   * way in on both databases.
   */
  copyFrom(table: string, columns: readonly string[], text: string | Uint8Array): Promise<void>
}

export type DatabaseKind = 'pglite' | 'postgres'

export interface Database extends Sql {
  readonly kind: DatabaseKind
  /** Runs `fn` in one transaction; rolls back when it throws. */
  transaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T>
  /**
   * LISTENs on `channel` (lower case): `onNotify` runs for each NOTIFY committed on it, and once more after a lost
   * connection is back (notifications may have been missed meanwhile). Resolves to the function that stops it.
   */
  listen(channel: string, onNotify: (payload: string) => void): Promise<() => Promise<void>>
  close(): Promise<void>
}

/**
 * Escapes one value for COPY's text format. `null` and `undefined` become `\N`.
 *
 * @example
 * copyText('a\tb') // 'a\\tb'
 */
export function copyText(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '\\N'
  const s = typeof value === 'string' ? value : String(value)
  // Fast path: most values need no escaping, and this runs for every cell of every batch.
  if (!/[\\\t\n\r]/.test(s)) return s
  return s.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'))
}

/** Type parsers both drivers share: `date` stays a plain string (no time-zone shift), `int8` becomes a number. */
export const TYPE_PARSERS: Record<number, (value: string) => unknown> = {
  20: (v) => Number(v),
  1082: (v) => v,
}

/**
 * COPY text written straight into UTF-8 bytes, row by row. A batch's chunk is held here rather than as thousands of
 * JavaScript strings: strings that live until the chunk is full outlast the young generation, and collecting them
 * later cost the validation thread more than the validation itself once its heap was bounded. The bytes go to the
 * database as they are, and cross to another thread without a copy (`take()` hands over its own ArrayBuffer).
 */
export class CopyWriter {
  private bytes = new Uint8Array(1 << 20)
  private view = Buffer.from(this.bytes.buffer)
  private length = 0

  /** Bytes written so far. */
  get size(): number {
    return this.length
  }

  row(values: ReadonlyArray<string | number | boolean | null | undefined>): void {
    let text = ''
    for (let i = 0; i < values.length; i++) text += (i ? '\t' : '') + copyText(values[i])
    text += '\n'
    const room = this.length + text.length * 3
    if (room > this.bytes.length) {
      const grown = new Uint8Array(Math.max(room, this.bytes.length * 2))
      grown.set(this.bytes.subarray(0, this.length))
      this.bytes = grown
      this.view = Buffer.from(grown.buffer)
    }
    this.length += this.view.write(text, this.length, 'utf8')
  }

  /** The rows written so far; the writer starts again on fresh memory, sized for a chunk like this one. */
  take(): Uint8Array {
    // Nothing written (a chunk without rejected rows): its own empty buffer, and the memory stays for the next one.
    if (this.length === 0) return new Uint8Array(0)
    const out = this.bytes.subarray(0, this.length)
    this.bytes = new Uint8Array(Math.max(1 << 20, Math.ceil(this.length * 1.1)))
    this.view = Buffer.from(this.bytes.buffer)
    this.length = 0
    return out
  }
}
