import type { Sql } from '../core/db/database.js'

export interface ThrottleRow {
  key: string
  failures: number
  window_start: Date
  locked_until: Date | null
}

/** The failed-login counts of `access.login_throttle`, one row per account name or client address. */
export function createLoginThrottleRepository() {
  return {
    /** Rows of these keys locked beyond `at`. */
    async lockedAt(db: Sql, keys: readonly string[], at: Date): Promise<ThrottleRow[]> {
      return db.query<ThrottleRow>('select * from access.login_throttle where key = any($1::text[]) and locked_until > $2', [keys, at])
    },

    /** Counts one failure: a failure after the window, or after a lockout ran out, starts a new count. */
    async countFailure(db: Sql, key: string, at: Date, windowStart: Date): Promise<ThrottleRow> {
      const [row] = await db.query<ThrottleRow>(
        `insert into access.login_throttle as t (key, failures, window_start) values ($1, 1, $2)
         on conflict (key) do update set
           failures = case when t.window_start < $3 or t.locked_until <= $2 then 1 else t.failures + 1 end,
           window_start = case when t.window_start < $3 or t.locked_until <= $2 then $2 else t.window_start end,
           locked_until = case when t.locked_until <= $2 then null else t.locked_until end
         returning *`,
        [key, at, windowStart],
      )
      return row!
    },

    async lock(db: Sql, key: string, until: Date): Promise<void> {
      await db.query('update access.login_throttle set locked_until = $2 where key = $1', [key, until])
    },

    async clear(db: Sql, key: string): Promise<void> {
      await db.query('delete from access.login_throttle where key = $1', [key])
    },
  }
}
