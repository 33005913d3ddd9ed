import type { Principal } from '../access/index.js'
import { actorOf, type AuditService } from '../audit/index.js'
import type { ApplicationService } from '../financing/index.js'
import { lookupDivision } from '../registry/index.js'
import { breakdowns, inRegion, lateReports } from './aggregate.js'
import { buildStatsWorkbook } from './stats.excel.js'
import { StatsErrors } from './stats.errors.js'
import type { FinancingStats, StatsFilter } from './stats.types.js'

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/
/** A province, or inside Ningxia a city or county the division list knows. */
const knownRegion = (code6: string) => {
  const d = lookupDivision(code6)
  return d !== undefined && (!d.inNingxia || code6 === '640000' || d.city !== undefined)
}
const realDate = (d: string) => ISO_DATE.test(d) && new Date(`${d}T00:00:00Z`).toISOString().slice(0, 10) === d

/**
 * 融资统计 (§二十): loans by region, institution, product type, enterprise size and month, and late reports per
 * institution, for the operator and the supervisor. It reads financing only through the financing context's own
 * functions; answers are aggregates that name no enterprise. Every read and every export is audited.
 *
 * @example
 * const s = await stats.financing(operator, { from: '2026-01-01', to: '2026-06-30', region: '640100' })
 * s.byInstitution[0] // { name: '宁夏银行股份有限公司', loans: 12, amountFen: 960_000_000, creditShareBp: 7500, … }
 */
export function createStatsService(deps: { applications: Pick<ApplicationService, 'statRecords' | 'lateStepCounts'>; audit: AuditService }) {
  const { applications, audit } = deps

  function check(p: Principal, f: StatsFilter): void {
    if (p.role !== 'operator' && p.role !== 'supervisor') throw StatsErrors.NOT_ALLOWED()
    if (f.from !== undefined && !realDate(f.from)) throw StatsErrors.FILTER_INVALID(`起始日期无效：${f.from}`)
    if (f.to !== undefined && !realDate(f.to)) throw StatsErrors.FILTER_INVALID(`截止日期无效：${f.to}`)
    if (f.from && f.to && f.from > f.to) throw StatsErrors.FILTER_INVALID('起始日期晚于截止日期')
    if (f.region !== undefined && !knownRegion(f.region.padEnd(6, '0'))) throw StatsErrors.FILTER_INVALID(`未知的行政区划代码：${f.region}`)
  }

  async function compute(f: StatsFilter): Promise<FinancingStats> {
    const period = { institution: f.institution, from: f.from, to: f.to }
    const loans = (await applications.statRecords(period)).filter((l) => f.region === undefined || inRegion(l.divisionCode, f.region))
    // Late steps carry no division: the region filter does not narrow them (the answer's filter says so).
    return { filter: f, ...breakdowns(loans), lateReports: lateReports(await applications.lateStepCounts(period)) }
  }

  return {
    /** The statistics the filter selects. */
    async financing(p: Principal, f: StatsFilter): Promise<FinancingStats> {
      check(p, f)
      const s = await compute(f)
      await audit.append({ actor: actorOf(p), action: 'stats.financing.read', details: { filter: { ...f }, loans: s.total.loans } })
      return s
    },

    /** The same as a workbook, one sheet per breakdown; the export is audited with its conditions. */
    async exportFinancing(p: Principal, f: StatsFilter): Promise<{ workbook: Buffer; fileName: string }> {
      check(p, f)
      const s = await compute(f)
      const region = f.region ? lookupDivision(f.region.padEnd(6, '0')) : undefined
      const conditions: Array<[string, string]> = [
        ['放款日期自', f.from ?? '不限'], ['放款日期至', f.to ?? '不限'],
        ['地区', f.region ? `${f.region}（${region?.county ?? region?.city ?? region?.province ?? ''}）` : '全部'], ['金融机构', f.institution ?? '全部'],
        ['说明', '金额单位为元；首贷户指在平台上首次获得贷款的企业；审批用时为提交申请至审批通过的工作日数；机构超期报送不按地区筛选'],
      ]
      const workbook = await buildStatsWorkbook(s, conditions)
      await audit.append({ actor: actorOf(p), action: 'stats.financing.export', details: { filter: { ...f }, loans: s.total.loans } })
      return { workbook, fileName: `融资统计${f.from ? `-${f.from}` : ''}${f.to ? `-${f.to}` : ''}.xlsx` }
    },
  }
}

export type StatsService = ReturnType<typeof createStatsService>
