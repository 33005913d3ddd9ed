import type { Xinshu } from './xinshu.js'
import type { Principal } from '../access/index.js'
import { listSubjectRecords, type StatefulRecord } from '../records/index.js'
import { publicityOf, loadRepairRules } from '../repair/index.js'
import { beijingDate } from '../core/index.js'

/** A principal the demo acts as: the services check roles and organisations exactly as for a person. */
const as = (role: Principal['role'], organization: string, username: string): Principal => ({
  accountId: `demo-${username}`, username, displayName: username, role, organization, via: 'session', scopes: [],
})

/**
 * The 异议 and 信用修复 side of the demo, written through the services: publicity of old 失信 information ended by
 * the sweeper (as the server would within seconds of starting); the demo enterprise (qiye) with one objection open
 * in 宁夏税务局's queue and one answered by 自治区市场监管厅; and early repair applications of other enterprises,
 * one approved by the court and one waiting.
 */
export async function seedRepairDemo(x: Xinshu, opts: { firm: string; subjects: readonly string[] }): Promise<{ ended: number; objections: number; applications: number }> {
  const { ended } = await x.repairs.sweep()
  const firm = as('enterprise', opts.firm, 'qiye')
  const own = await listSubjectRecords(x.db, opts.firm)
  let objections = 0
  const tax = own.find((r) => r.itemKey === 'tax_payment' && r.provider === '宁夏税务局' && r.state === 'normal')
  if (tax) {
    await x.objections.file(firm, { itemKey: tax.itemKey, recordKey: tax.recordKey, reasons: '该月增值税已按期足额缴纳，系统显示的已缴税额少计一个月，附完税证明。' })
    objections++
  }
  const license = own.find((r) => r.itemKey === 'business_license' && r.provider === '自治区市场监管厅' && r.state === 'normal')
  if (license) {
    const o = await x.objections.file(firm, { itemKey: license.itemKey, recordKey: license.recordKey, reasons: '经营范围与最新登记不一致，请核实。' })
    await x.objections.answer(as('provider', '自治区市场监管厅', 'scjg'), o.id, { outcome: 'kept', note: '经核对登记档案，经营范围以最近一次变更登记为准，记录无误，予以维持。' })
    objections++
  }
  // Early repair: 失信 records whose minimum publicity has passed and whose unit has a demo account.
  const rules = loadRepairRules()
  const today = beijingDate(new Date())
  const units: Record<string, string> = { '自治区高级人民法院': 'fayuan', '自治区市场监管厅': 'scjg' }
  const eligible: StatefulRecord[] = []
  for (const code of opts.subjects) {
    if (eligible.length >= 2) break
    for (const r of await listSubjectRecords(x.db, code)) {
      const pub = publicityOf(rules, r.itemKey, r.data)
      if (pub && r.state === 'normal' && units[r.provider] && pub.minEnd <= today && pub.maxEnd > today) {
        eligible.push(r)
        break
      }
    }
  }
  let applications = 0
  for (const [i, r] of eligible.entries()) {
    const a = await x.repairs.apply(as('enterprise', r.subjectKey, `demo-${r.subjectKey}`), {
      itemKey: r.itemKey, recordKey: r.recordKey, fulfilment: '已全部履行生效法律文书确定的义务并完成整改，相关缴款凭证和整改报告见附件。', commitmentAccepted: true,
    })
    applications++
    if (i === 0) await x.repairs.decide(as('provider', r.provider, units[r.provider]!), a.id, { approve: true, note: '经核实已履行全部义务，符合修复条件，准予修复。' })
  }
  return { ended, objections, applications }
}
