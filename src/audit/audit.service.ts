import type { Database, Sql } from '../core/index.js'
import { createAuditRepository, type AuditFilter } from './audit.repository.js'
import { entryHash, GENESIS_HASH } from './audit-chain.js'
import type { AuditEntry, AuditInput, ChainReport } from './audit.types.js'

/** Most entries one flush writes; more wait for the next one. */
const MAX_GROUP = 1000

interface Pending {
  input: AuditInput
  at: Date
  resolve(e: AuditEntry): void
  reject(err: unknown): void
}

const sortedUnique = (xs: readonly string[] | undefined) => [...new Set(xs ?? [])].sort()

/**
 * The audit log (审计日志), append-only and chained by SM3.
 *
 * Appends are serialised so the chain never forks: every insert takes one advisory lock (on PGlite the single
 * connection serialises anyway), and `seq` is the primary key, so two writers that both believe they hold the head
 * cannot both succeed: the loser re-reads the head and chains again. To keep the log from capping the query rate,
 * appends made while a write is in flight are grouped into the next write (group commit): one statement, one
 * commit, for all of them. `append` resolves only once its entry is committed, so a caller that awaits it never
 * hands out data that was not logged.
 *
 * @example
 * const audit = createAuditService({ db })
 * await audit.append({ actor: actorOf(principal), action: 'profile.read', subjectKey, fields: ['tax_payment.vat_paid_last_12_months'] })
 * const report = await audit.verifyChain() // { ok: true, checked: 1, head: { seq: 1, hash: '…' } }
 */
/**
 * Audited reads that take in every shared record of their subject, whichever items the entry names (it names the
 * non-public ones): the profile and credit report show them all; evaluation, portrait and scorecard derive from them.
 */
export const WHOLE_SUBJECT_READS: readonly string[] = ['profile.read', 'profile.reveal', 'report.issue', 'report.fetch', 'evaluation.read', 'evaluation.trend', 'portrait.read', 'scorecard.score']

export function createAuditService(deps: { db: Database; now?: () => Date }) {
  const { db } = deps
  const now = deps.now ?? (() => new Date())
  const repo = createAuditRepository()
  let queue: Pending[] = []
  let writing: Promise<void> | undefined

  /** Gives each pending entry its seq and hash, continuing the chain from `head`. */
  function chain(group: ReadonlyArray<{ input: AuditInput; at: Date }>, head: { seq: number; hash: string }): AuditEntry[] {
    let seq = head.seq
    let prevHash = head.hash
    return group.map(({ input, at }) => {
      seq += 1
      const e: Omit<AuditEntry, 'hash'> = {
        seq,
        at,
        actor: { accountId: input.actor.accountId ?? null, username: input.actor.username, role: input.actor.role, organization: input.actor.organization ?? null },
        action: input.action,
        subjectKey: input.subjectKey ?? null,
        items: sortedUnique(input.items),
        fields: sortedUnique(input.fields),
        grantId: input.grantId ?? null,
        purpose: input.purpose ?? null,
        reason: input.reason ?? null,
        details: input.details ?? null,
        prevHash,
      }
      const hash = entryHash(e)
      prevHash = hash
      return { ...e, hash }
    })
  }

  /**
   * The head this process last wrote. Another process (or a grant change in its own transaction) may have appended
   * since: then the insert's seq collides with the primary key, nothing is written, and the group is chained again
   * from the head read back from the table. A fork would need two entries with one seq, which the key forbids.
   */
  let head: { seq: number; hash: string } | undefined

  async function write(group: Pending[]): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        const from = head ?? (await repo.head(db)) ?? { seq: 0, hash: GENESIS_HASH }
        const entries = chain(group, from)
        // One statement, committed on its own: the lock (taken inside it) orders it after any open grant change.
        await repo.insertMany(db, entries)
        head = { seq: entries[entries.length - 1]!.seq, hash: entries[entries.length - 1]!.hash }
        group.forEach((p, i) => p.resolve(entries[i]!))
        return
      } catch (err) {
        head = undefined
        if ((err as { code?: string }).code === '23505' && attempt < 20) continue
        for (const p of group) p.reject(err)
        return
      }
    }
  }

  function pump(): void {
    if (writing || queue.length === 0) return
    const group = queue.slice(0, MAX_GROUP)
    queue = queue.slice(group.length)
    writing = write(group).finally(() => {
      writing = undefined
      pump()
    })
  }

  return {
    /** Appends one entry; resolves with it (seq, hash) once committed. */
    append(input: AuditInput): Promise<AuditEntry> {
      return new Promise<AuditEntry>((resolve, reject) => {
        queue.push({ input, at: now(), resolve, reject })
        pump()
      })
    },

    /**
     * Appends inside the caller's transaction, so that a change and its audit entry commit together (grant
     * changes). Holds the chain lock until that transaction ends: for rare writes only, not for reads.
     */
    async appendWithin(tx: Sql, input: AuditInput): Promise<AuditEntry> {
      await repo.lockChain(tx)
      const [entry] = chain([{ input, at: now() }], (await repo.head(tx)) ?? { seq: 0, hash: GENESIS_HASH })
      await repo.insertMany(tx, [entry!])
      return entry!
    },

    /**
     * Who received an item of a subject: the institutions and platforms whose audited, not refused, reads took it in
     * (the item among the entry's items: profiles, credit reports, verifications, feed pages of one subject). With
     * `wholeSubject` (an item a reader may see without a grant, i.e. one with public fields), also every read of the
     * whole subject ({@link WHOLE_SUBJECT_READS}: a profile or report holds all its shared records; an evaluation, a
     * portrait or a scorecard score is derived from them), though the entry names only the non-public items.
     * Credit repair tells each of them when such a record is withdrawn.
     */
    recipientsOf(subjectKey: string, itemKey: string, sql: Sql = db, opts: { wholeSubject?: boolean } = {}): Promise<Array<{ organization: string; role: string }>> {
      return repo.recipients(sql, subjectKey, itemKey, opts.wholeSubject ? WHOLE_SUBJECT_READS : null)
    },

    /** Entries, newest first; callers scope the filter by role (see audit.routes.ts). */
    list(filter: AuditFilter): Promise<AuditEntry[]> {
      return repo.list(db, filter)
    },

    /**
     * Walks the whole chain in order and recomputes every hash. Names the first entry that does not verify: a
     * changed row fails its own hash; a removed row leaves a gap in `seq`; a row re-hashed by someone who knew the
     * scheme still fails the next entry's `prev_hash`, unless every later entry is rewritten too.
     */
    /**
     * Walks the whole chain and names the first broken entry. A chain cut short at its end still verifies on its
     * own; given a head published earlier (`published`, e.g. sent to the supervisor each day), the walk also
     * checks that this entry is still there with the same hash, so a cut or a rewritten tail is caught too.
     */
    async verifyChain(opts: { pageSize?: number; published?: { seq: number; hash: string } } = {}): Promise<ChainReport> {
      const pageSize = opts.pageSize ?? 5000
      let prevHash = GENESIS_HASH
      let expected = 1
      let checked = 0
      let head: ChainReport['head'] = null
      for (;;) {
        const page = await repo.page(db, expected - 1, pageSize)
        if (page.length === 0) break
        for (const e of page) {
          if (e.seq !== expected) {
            return { ok: false, checked, head, broken: { seq: expected, problem: 'gap', zh: `第 ${expected} 条记录缺失（下一条为第 ${e.seq} 条）`, en: `entry ${expected} is missing (the next one is ${e.seq})` } }
          }
          if (e.prevHash !== prevHash) {
            return { ok: false, checked, head, broken: { seq: e.seq, problem: 'prev_hash', zh: `第 ${e.seq} 条记录的前序哈希与上一条不符`, en: `entry ${e.seq} does not point at the hash of entry ${e.seq - 1}` } }
          }
          if (entryHash(e) !== e.hash) {
            return { ok: false, checked, head, broken: { seq: e.seq, problem: 'hash', zh: `第 ${e.seq} 条记录的内容与其哈希不符（已被修改）`, en: `entry ${e.seq} does not match its hash (it was changed)` } }
          }
          if (opts.published && e.seq === opts.published.seq && e.hash !== opts.published.hash) {
            return { ok: false, checked, head, broken: { seq: e.seq, problem: 'published_head', zh: `第 ${e.seq} 条记录的哈希与此前公布的不符（该条及其后的记录被重写）`, en: `entry ${e.seq} does not have the hash published for it (it and what follows were rewritten)` } }
          }
          prevHash = e.hash
          expected += 1
          checked += 1
          head = { seq: e.seq, hash: e.hash }
        }
      }
      if (opts.published && checked < opts.published.seq) {
        const seq = opts.published.seq
        return { ok: false, checked, head, broken: { seq, problem: 'truncated', zh: `审计日志在第 ${checked} 条之后被截断：此前公布的第 ${seq} 条记录已不存在`, en: `the log was cut after entry ${checked}: entry ${seq}, published earlier, is gone` } }
      }
      return { ok: true, checked, head }
    },

    /** Waits until every append made so far is written (for shutdown and tests). */
    async flush(): Promise<void> {
      while (writing || queue.length) await (writing ?? Promise.resolve())
    },
  }
}

export type AuditService = ReturnType<typeof createAuditService>
