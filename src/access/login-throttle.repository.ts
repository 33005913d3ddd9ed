import type { Sql } from '../core/index.js'
import { statements } from '../core/index.js'

export interface ThrottleRow {
  key: string
  failures: number
  window_start: Date
  locked_until: Date | null
}

const SQL = statements('access.login-throttle', {
  lockedAt: 'select * from access.login_throttle where key = any($1::text[]) and locked_until > $2',
  countFailure: `insert into access.login_throttle as t (key, failures, window_start) values ($1, 1, $2)
         on conflict (key) do update set
           failures = case when t.window_start < $3 or t.locked_until <= $2 then 1 else t.failures + 1 end,
           window_start = case when t.window_start < $3 or t.locked_until <= $2 then $2 else t.window_start end,
           locked_until = case when t.locked_until <= $2 then null else t.locked_until end
         returning *`,
  lock: 'update access.login_throttle set locked_until = $2 where key = $1',
  clear: 'delete from access.login_throttle where key = $1',
})

/** The failed-login counts of `access.login_throttle`, one row per account name or client address. */
export function createLoginThrottleRepository() {
  return {
    /** Rows of these keys locked beyond `at`. */
    async lockedAt(db: Sql, keys: readonly string[], at: Date): Promise<ThrottleRow[]> {
      return db.query<ThrottleRow>(SQL.lockedAt, [keys, at])
    },

    /** Counts one failure: a failure after the window, or after a lockout ran out, starts a new count. */
    async countFailure(db: Sql, key: string, at: Date, windowStart: Date): Promise<ThrottleRow> {
      const [row] = await db.query<ThrottleRow>(
        SQL.countFailure,
        [key, at, windowStart],
      )
      return row!
    },

    async lock(db: Sql, key: string, until: Date): Promise<void> {
      await db.query(SQL.lock, [key, until])
    },

    async clear(db: Sql, key: string): Promise<void> {
      await db.query(SQL.clear, [key])
    },
  }
}
