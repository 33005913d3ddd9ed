import type { Database } from '../core/index.js'
import { CHANGE_FEED_START, readRecordChanges, readRecordHistories, type RecordChange } from '../records/index.js'
import { raises } from './classify.js'
import { createMonitoringRepository } from './monitoring.repository.js'
import type { AlertDraft, MonitoringService } from './monitoring.service.js'
import { ALERT_KINDS, type AlertKind, type NegativeRule, type NegativeCondition } from './monitoring.types.js'

/** Changes that can bring negative information: a new record, a new version, a record restored. */
const ALERTING_CHANGES = new Set<RecordChange['kind']>(['inserted', 'corrected', 'restored'])

/**
 * A record's first version under a rule without field tests nor months raises its alert without a look at the record
 * (what {@link raises} would find: it meets the empty condition, and no earlier version did): penalties, court
 * rulings, the most frequent negative records, need no read of their history.
 */
function raisedByItself(c: RecordChange, rule: NegativeRule): boolean {
  return c.kind === 'inserted' && !(rule.condition.all?.length) && !(rule.condition.sustainedMonths && rule.condition.sustainedMonths > 0)
}

export interface ConsumeResult {
  changes: number
  alerts: number
  /** Read again at once. */
  more: boolean
  /** Read again shortly: changes are committed past the horizon. */
  pending: boolean
}

/**
 * Turns the records change feed into alerts. One step reads a page of changes from the stored cursor, classifies
 * the changes of watched subjects by the negative rules (monitoring.negative_rule), raises the alerts with their
 * webhook deliveries, and stores the new cursor, all in one transaction: a crash before the commit leaves the cursor
 * where it was and nothing raised, so the page is read again (no alert lost); a record rolled back never reaches
 * the feed (no alert for it). One step at a time across processes (the cursor's row is locked for the step).
 */
export function createChangeConsumer(deps: { db: Database; monitoring: Pick<MonitoringService, 'raiseAlerts'>; name?: string; pageSize?: number }) {
  const { db } = deps
  const name = deps.name ?? 'alerts'
  const repo = createMonitoringRepository()

  return {
    /** Where this consumer has read the feed to (the start when it never has): the feed's pruning keeps what follows. */
    async position(): Promise<string> {
      return (await repo.cursor(db, name)) ?? CHANGE_FEED_START
    },

    async step(): Promise<ConsumeResult> {
      // The negative rules are read beside the step's transaction, not in it: one round trip less in the step, and a
      // rule changed meanwhile is as if changed just after the step.
      const negativeRules = repo.negativeRules(db)
      negativeRules.catch(() => {}) // awaited below; a failed step must not leave it unhandled
      return db.transaction(async (tx) => {
        const cursor = await repo.lockCursor(tx, name, CHANGE_FEED_START)
        const page = await readRecordChanges(tx, { after: cursor, limit: deps.pageSize ?? 1000 })
        let alerts = 0
        const rules = new Map((await negativeRules).map((r): [string, NegativeRule & { itemName: string }] => [r.item_key, { itemKey: r.item_key, itemName: r.item_name, kind: r.kind as AlertKind, condition: r.condition as NegativeCondition }]))
        const candidates = page.changes.filter((c) => ALERTING_CHANGES.has(c.kind) && rules.has(c.itemKey))
        if (candidates.length) {
          const watchers = await repo.watchers(tx, [...new Set(candidates.map((c) => c.subjectKey))])
          const watched = new Set(watchers.map((w) => w.subject_key))
          const mine = candidates.filter((c) => watched.has(c.subjectKey))
          const histories = await readRecordHistories(tx, mine.filter((c) => !raisedByItself(c, rules.get(c.itemKey)!)))
          const drafts: AlertDraft[] = []
          for (const c of mine) {
            const rule = rules.get(c.itemKey)!
            const history = histories.get(`${c.subjectKey}|${c.itemKey}|${c.recordKey}`) ?? []
            if (!raisedByItself(c, rule) && !raises(rule.condition, history, c.version)) continue
            drafts.push({
              subjectKey: c.subjectKey, kind: rule.kind, dedupeKey: `change:${c.seq}`, itemKey: c.itemKey, recordKey: c.recordKey, version: c.version,
              title: `${ALERT_KINDS[rule.kind].zh}：${rule.itemName}`, details: { change: c.kind, provider: c.provider, batchId: c.batchId, committedAt: c.at }, at: new Date(c.at),
            })
          }
          alerts = (await deps.monitoring.raiseAlerts(tx, drafts, { watchers })).length
        }
        if (page.cursor !== cursor) await repo.setCursor(tx, name, page.cursor)
        return { changes: page.changes.length, alerts, more: page.more, pending: page.pending }
      })
    },
  }
}

export type ChangeConsumer = ReturnType<typeof createChangeConsumer>
