import { createXinshu, type Xinshu } from './xinshu.js'
import type { CollectionMethod, ShareMethod } from '../catalog/index.js'
import { type RawRecord, runBatch } from '../ingest/index.js'
import { demoRecordStream, demoSubject, corruptRecord, dayNumber, formatDay, DEMO_REFERENCE_DATE } from '../demo/index.js'
import { beijingAt, createBackfillClock } from '../core/index.js'
import { DEMO_LENDERS, seedFinancingDemo } from './demo-financing.js'
import { seedLoanBookDemo } from './demo-loan-book.js'
import { seedScorecardDemo } from './demo-scorecard.js'
import { seedMonitoringDemo } from './demo-monitoring.js'
import { seedRepairDemo } from './demo-repair.js'
import { DEMO_PLATFORMS, seedPlatformsDemo } from './demo-platforms.js'

/** The seed of the demo data set: the same seed gives the same enterprises on every machine. */
export const DEMO_SEED = 20221119
export const DEMO_PASSWORD = 'Xinshu@2026'

const METHOD_OF: Record<ShareMethod, CollectionMethod> = { table: 'table', api: 'api', file: 'file', national: 'national', api_or_table: 'api' }

/** Demo accounts, one or more per role; the README lists them. */
export function demoAccounts(): Array<{ username: string; displayName: string; role: 'operator' | 'provider' | 'platform' | 'institution' | 'enterprise' | 'supervisor'; organization: string | null }> {
  const firm = demoSubject(DEMO_SEED, 0)
  return [
    { username: 'admin', displayName: '自治区社会信用服务中心 管理员', role: 'operator', organization: '自治区社会信用服务中心' },
    { username: 'scjg', displayName: '自治区市场监管厅 数据报送员', role: 'provider', organization: '自治区市场监管厅' },
    { username: 'shuiwu', displayName: '宁夏税务局 数据报送员', role: 'provider', organization: '宁夏税务局' },
    { username: 'fayuan', displayName: '自治区高级人民法院 数据报送员', role: 'provider', organization: '自治区高级人民法院' },
    { username: 'dianli', displayName: '国网宁夏电力公司 数据报送员', role: 'provider', organization: '国网宁夏电力公司' },
    { username: 'yinchuan', displayName: '银川市行政审批服务局 数据报送员', role: 'provider', organization: '银川市行政审批服务局' },
    ...DEMO_PLATFORMS.map((p) => ({ username: p.username, displayName: p.name, role: 'platform' as const, organization: p.name })),
    ...DEMO_LENDERS.map((l) => ({ username: l.username, displayName: l.display, role: 'institution' as const, organization: l.name })),
    { username: 'qiye', displayName: `${firm.name} 经办人`, role: 'enterprise', organization: firm.uscc },
    { username: 'jianguan', displayName: '自治区发展改革委 监管员', role: 'supervisor', organization: '自治区发展改革委' },
  ]
}

/** The demo's institutions and platforms in the directory, so that their accounts' names are ones it knows. */
export function demoOrganizations(): Array<{ name: string; kind: 'institution' | 'platform'; type: string; regions: string[] }> {
  return [
    ...DEMO_LENDERS.map((l) => ({ name: l.name, kind: 'institution' as const, type: l.type, regions: [...l.regions] })),
    ...DEMO_PLATFORMS.map((p) => ({ name: p.name, kind: 'platform' as const, type: p.type, regions: ['640000'] })),
  ]
}

/**
 * The day the hub received the demo's records: the morning after the day the synthetic data is generated as of
 * ({@link DEMO_REFERENCE_DATE}), or `asOf` if that is earlier. Collection validates the records against this day and
 * stamps them received then, so that point-in-time reads (a scorecard's loans, each as of its start) see the records
 * only from then on.
 */
export function demoLoadDay(asOf: Date): string {
  const day = formatDay(dayNumber(DEMO_REFERENCE_DATE) + 1)
  const today = new Date(asOf.getTime() + 8 * 3_600_000).toISOString().slice(0, 10)
  return day < today ? day : today
}

/**
 * Loads the demo data set on first start: accounts for every role, and records of every catalog item for
 * `subjects` synthetic Ningxia enterprises, delivered through the normal collection path (so the quarantine,
 * batches and quality screens have real content), including a few bad rows per item; then the financing side
 * (products, needs, a year of loans, a compensation fund, subsidies and claims) dated up to `asOf` (now).
 */
export async function seedDemo(x: Xinshu, opts: { subjects: number; log?: (m: string) => void; warn?: (m: string) => void; asOf?: Date }): Promise<boolean> {
  if (await x.access.findAccount('admin')) return false
  const log = opts.log ?? (() => {})
  const warn = opts.warn ?? ((m: string) => console.warn(m))
  const asOf = opts.asOf ?? new Date()
  const loadDay = demoLoadDay(asOf)
  // The records arrive as of the day the data describes, the way a provider's first full delivery would.
  const loadClock = createBackfillClock(beijingAt(loadDay, '09:30'))
  log(`首次启动：生成演示数据（${opts.subjects} 家企业）… / first start: loading demo data for ${opts.subjects} enterprises`)
  const demoActor = { accountId: null, username: 'demo', role: 'operator', organization: null }
  for (const o of demoOrganizations()) await x.institutions.create(demoActor, o)
  for (const a of demoAccounts()) await x.access.createAccount({ ...a, password: DEMO_PASSWORD })
  const catalog = x.catalog.current()
  for (const { item } of catalog.items.values()) {
    let position = 0
    const broken = (at: number, record: Record<string, unknown>) => {
      try {
        return corruptRecord(DEMO_SEED + at, record as never, item).record
      } catch {
        return record // an item with no field that can be broken
      }
    }
    const records = function* (): Generator<RawRecord> {
      for (const r of demoRecordStream({ seed: DEMO_SEED, subjects: opts.subjects, catalog: catalog.document, items: [item.key] })) {
        position++
        // Every 200th record arrives broken, the way real deliveries do, so the quarantine has work in it.
        yield { position, values: position % 200 === 0 ? broken(position, r.record) : r.record }
      }
    }
    await runBatch({ db: x.db, catalog, dataKey: x.config.dataKey, chunks: x.chunks, now: loadClock.now }, { itemKey: item.key, provider: item.responsibleUnits[0]!, method: METHOD_OF[item.shareMethod], records: records(), source: 'demo', createdBy: 'demo' })
  }
  // Scored an hour after the records arrived, by a wiring on the load's clock: the score history then holds what the
  // evaluation knew before any loan of the bank's book started (scorecards read indicators as of each loan's start).
  loadClock.setDay(loadDay, 60)
  await (await createXinshu(x.config, x.db, { now: loadClock.now })).evaluation.runAll('demo')
  log('生成信易贷演示数据：产品、需求、一年的贷款… / financing demo: products, needs, a year of loans')
  const f = await seedFinancingDemo(x, { seed: DEMO_SEED, subjects: opts.subjects, asOf })
  log(`信易贷演示：${f.products} 个产品、${f.openNeeds} 条对接中需求、${Object.values(f.applications).reduce((a, b) => a + b, 0)} 笔申请、${f.claims} 笔代偿申请 / financing demo loaded`)
  const rel = await x.relations.rebuildAll()
  log(`关联分析：${rel.subjects} 个主体、${rel.edges} 条关联关系（股东、法定代表人、分支机构） / relationship graph: ${rel.edges} edges`)
  const scored = await x.evaluation.runAll('demo')
  log(`信用评价：${scored.subjects} 家企业已评分（指标体系第 ${scored.version} 版） / evaluation: ${scored.subjects} subjects scored`)
  const book = await seedLoanBookDemo(x, { seed: DEMO_SEED, subjects: opts.subjects, asOf, loadDay })
  if (book.loans) log(`宁夏银行普惠贷款：${book.loans} 笔（${book.from} 至 ${book.to} 放款，${book.bad} 笔逾期） / bank's loan book: ${book.loans} loans, ${book.bad} went overdue`)
  else warn(`⚠ 宁夏银行普惠贷款未生成：${asOf.toISOString()} 距演示数据接收日 ${loadDay} 不足 98 天，贷款尚无表现 / bank's loan book NOT made: too soon after the records' load day ${loadDay}`)
  const card = await seedScorecardDemo(x)
  if (card.trained) log(`评分卡演示：${card.trained} 用本机构贷款表现训练了一张评分卡（AUC ${card.auc?.toFixed(3) ?? '—'}） / a demo scorecard trained for ${card.trained}`)
  else warn(`⚠ 评分卡演示未训练，各机构贷款表现不足 / demo scorecard NOT trained, no lender has enough outcomes: ${card.refusals.join('; ')}`)
  const alerts = await seedMonitoringDemo(x, { seed: DEMO_SEED, subjects: opts.subjects })
  log(`监测预警演示：${alerts} 条预警 / monitoring demo: ${alerts} alerts`)
  const firm = demoSubject(DEMO_SEED, 0).uscc
  const r = await seedRepairDemo(x, { firm, subjects: Array.from({ length: Math.min(opts.subjects, 400) }, (_, i) => demoSubject(DEMO_SEED, i).uscc).filter(Boolean) as string[] })
  log(`异议与信用修复演示：${r.ended} 条失信信息公示期满终止、${r.objections} 件异议、${r.applications} 件修复申请 / objection and repair demo loaded`)
  const pf = await seedPlatformsDemo(x, { seed: DEMO_SEED, subjects: opts.subjects, asOf })
  log(`服务平台演示：${DEMO_PLATFORMS.length} 个平台、${pf.pulls} 次数据拉取、${pf.reports} 批使用反馈 / platforms demo loaded`)
  log('演示数据已就绪 / demo data loaded')
  return true
}
