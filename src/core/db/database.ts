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
   * values escaped with {@link copyText}. The fastest way in on both databases.
   */
  copyFrom(table: string, columns: readonly string[], text: string): Promise<void>
}

export type DatabaseKind = 'pglite' | 'postgres'

export interface Database extends Sql {
  readonly kind: DatabaseKind
  /** Runs `fn` in one transaction; rolls back when it throws. */
  transaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T>
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
