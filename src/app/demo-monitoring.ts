import type { Xinshu } from './xinshu.js'
import { demoRecordStream } from '../demo/index.js'

/** Negative records the demo delivers for a few watched borrowers, with the field values that make them negative. */
const NEGATIVE: ReadonlyArray<{ item: string; set?: Record<string, unknown> }> = [
  { item: 'administrative_penalty' },
  { item: 'tax_arrears', set: { has_tax_arrears: true } },
  { item: 'abnormal_operation_list', set: { is_listed: true } },
]

/**
 * 监测预警 in the demo: the demo lenders' loans are watched (the loan-step flow did it); after them, a few of their
 * borrowers get a negative record through the normal collection path, and the change consumer turns them into
 * alerts, so the institution's page has alerts to show. Returns how many alerts were raised.
 */
export async function seedMonitoringDemo(x: Xinshu, opts: { seed: number; subjects: number }): Promise<number> {
  const watched = await x.monitoring.service.someWatched(NEGATIVE.length * 2)
  const catalog = x.catalog.current()
  for (const [i, w] of watched.entries()) {
    const n = NEGATIVE[i % NEGATIVE.length]!
    const item = catalog.get(n.item)
    const code = item?.subjectCodeField?.key
    if (!item || !code) continue
    const sample = demoRecordStream({ seed: opts.seed + i, subjects: opts.subjects, catalog: catalog.document, items: [n.item] }).next()
    if (sample.done) continue
    const record = { ...sample.value.record, ...n.set, [code]: w.subjectKey }
    await x.ingest.ingestRecords({ itemKey: n.item, provider: item.item.responsibleUnits[0]!, records: [record], createdBy: 'demo' }).catch(() => undefined)
  }
  let alerts = 0
  for (;;) {
    const r = await x.monitoring.consumer.step()
    alerts += r.alerts
    if (!r.more) return alerts
  }
}
