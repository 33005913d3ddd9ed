/**
 * Every statement a repository runs, declared once at the top of its `*.repository.ts` file with `statements()`:
 * a reviewer reads a context's SQL in one place, and `test/db/statements.db.test.ts` prepares each of them on the
 * embedded PGlite and on PostgreSQL after the migrations, so that a statement broken by a migration (a renamed
 * column, a type that no longer casts) fails a test rather than a request.
 *
 * Statements are plain text with `$1…` parameters. A statement built from parts (a column list, a WHERE clause chosen
 * by the caller, a chunk of `VALUES` rows) is a function, declared with `variants()` giving the arguments of each
 * shape it can take, so that the test prepares every shape.
 *
 * @example
 * const SQL = statements('reports.issued', {
 *   byNumber: 'select * from reports.issued where report_no = $1',
 * })
 * await sql.query<IssuedRow>(SQL.byNumber, [reportNo])
 */

/** A statement built from parts, with the arguments of every shape it takes (see `variants`). */
export interface Variants<A extends unknown[]> {
  (...args: A): string
  readonly shapes: readonly A[]
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any argument list: the shapes carry their own types
type AnyVariants = Variants<any[]>
type Declared = string | AnyVariants

const DECLARED = new Map<string, Declared>()

/**
 * Declares a repository's statements under `owner` (its schema and table, or its file): the names are how the
 * statements test reports a failure. Returns them unchanged.
 */
export function statements<T extends Record<string, Declared>>(owner: string, declared: T): T {
  for (const [name, s] of Object.entries(declared)) DECLARED.set(`${owner}.${name}`, s)
  return declared
}

/**
 * A statement built from parts: `build` makes its text, `shapes` lists arguments that produce every shape it takes.
 *
 * @example
 * const insertMany = variants((rows: number) => `insert into t (a) values ${placeholders(rows)}`, [[1], [2]])
 */
export function variants<A extends unknown[]>(build: (...args: A) => string, shapes: readonly A[]): Variants<A> {
  return Object.assign((...args: A) => build(...args), { shapes })
}

/** Every declared statement's text, by `owner.name` (a variant's shapes as `owner.name#i`), for the statements test. */
export function declaredStatements(): Map<string, string> {
  const out = new Map<string, string>()
  for (const [name, s] of DECLARED) {
    if (typeof s === 'string') out.set(name, s)
    else s.shapes.forEach((args, i) => out.set(`${name}#${i}`, s(...args)))
  }
  return out
}
