import type { RecordVersion } from '../records/index.js'
import type { NegativeCondition } from './monitoring.types.js'

/** Whether one version of a record meets a condition's field tests. */
export function meets(condition: NegativeCondition, data: Record<string, unknown>): boolean {
  for (const t of condition.all ?? []) {
    const v = data[t.field]
    if (t.absent) {
      if (v !== null && v !== undefined && v !== '') return false
    } else if (t.equals !== undefined && v !== t.equals) return false
  }
  return true
}

/** Whole months from `from` to `to` (calendar months; a month not yet complete does not count). */
export function monthsBetween(from: Date, to: Date): number {
  let m = (to.getUTCFullYear() - from.getUTCFullYear()) * 12 + (to.getUTCMonth() - from.getUTCMonth())
  if (to.getUTCDate() < from.getUTCDate()) m--
  return Math.max(0, m)
}

/**
 * Whether the version `version` of a record (its history, oldest first) raises an alert under `condition`:
 * it meets the condition and, with `sustainedMonths`, has met it on every version for that long. An alert is
 * raised once, when the record first qualifies: a later version that still qualifies raises none, nor does a
 * version that qualifies again without the previous one having stopped.
 *
 * @example
 * // utility arrears over 3 months: first version in arrears in January, a new version in April → alert
 * raises({ all: [{ field: 'has_arrears', equals: true }], sustainedMonths: 3 }, history, 2)
 */
export function raises(condition: NegativeCondition, history: readonly RecordVersion[], version: number): boolean {
  const at = history.findIndex((h) => h.version === version)
  if (at < 0) return false
  const qualifiesAt = (i: number): boolean => {
    if (!meets(condition, history[i]!.data)) return false
    const months = condition.sustainedMonths ?? 0
    if (months <= 0) return true
    let start = i
    while (start > 0 && meets(condition, history[start - 1]!.data)) start--
    return monthsBetween(history[start]!.receivedAt, history[i]!.receivedAt) >= months
  }
  if (!qualifiesAt(at)) return false
  return at === 0 || !qualifiesAt(at - 1)
}
