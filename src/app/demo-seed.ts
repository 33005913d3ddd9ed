import type { Xinshu } from './xinshu.js'
import type { CollectionMethod, ShareMethod } from '../catalog/index.js'
import { type RawRecord, runBatch } from '../ingest/index.js'
import { demoRecordStream, demoSubject, corruptRecord } from '../demo/index.js'
import { DEMO_LENDERS, seedFinancingDemo } from './demo-financing.js'

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
    { username: 'xinyidai', displayName: '信易贷宁夏总站', role: 'platform', organization: '信易贷宁夏总站' },
    ...DEMO_LENDERS.map((l) => ({ username: l.username, displayName: l.display, role: 'institution' as const, organization: l.name })),
    { username: 'qiye', displayName: `${firm.name} 经办人`, role: 'enterprise', organization: firm.uscc },
    { username: 'jianguan', displayName: '自治区发展改革委 监管员', role: 'supervisor', organization: '自治区发展改革委' },
  ]
}

/** The demo's institutions and platforms in the directory, so that their accounts' names are ones it knows. */
export function demoOrganizations(): Array<{ name: string; kind: 'institution' | 'platform'; type: string; regions: string[] }> {
  return [
    ...DEMO_LENDERS.map((l) => ({ name: l.name, kind: 'institution' as const, type: l.type, regions: [...l.regions] })),
    { name: '信易贷宁夏总站', kind: 'platform', type: 'xinyidai', regions: ['640000'] },
  ]
}

/**
 * Loads the demo data set on first start: accounts for every role, and records of every catalog item for
 * `subjects` synthetic Ningxia enterprises, delivered through the normal collection path (so the quarantine,
 * batches and quality screens have real content), including a few bad rows per item; then the financing side
 * (products, needs, a year of loans, a compensation fund, subsidies and claims) dated up to `asOf` (now).
 */
export async function seedDemo(x: Xinshu, opts: { subjects: number; log?: (m: string) => void; asOf?: Date }): Promise<boolean> {
  if (await x.access.findAccount('admin')) return false
  const log = opts.log ?? (() => {})
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
    await runBatch({ db: x.db, catalog, dataKey: x.config.dataKey, chunks: x.chunks }, { itemKey: item.key, provider: item.responsibleUnits[0]!, method: METHOD_OF[item.shareMethod], records: records(), source: 'demo', createdBy: 'demo' })
  }
  log('生成信易贷演示数据：产品、需求、一年的贷款… / financing demo: products, needs, a year of loans')
  const f = await seedFinancingDemo(x, { seed: DEMO_SEED, subjects: opts.subjects, asOf: opts.asOf ?? new Date() })
  log(`信易贷演示：${f.products} 个产品、${f.openNeeds} 条对接中需求、${Object.values(f.applications).reduce((a, b) => a + b, 0)} 笔申请、${f.claims} 笔代偿申请 / financing demo loaded`)
  log('演示数据已就绪 / demo data loaded')
  return true
}
