import ExcelJS from 'exceljs'
import type { FinancingStats, StatRow } from './stats.types.js'

const YUAN = '#,##0.00'
const SHARE = '0.00%'

/** Column headers of a breakdown sheet after its first (what the rows are by). */
const STAT_COLUMNS: Array<{ header: string; width: number; value: (r: StatRow) => number | string | null; numFmt?: string }> = [
  { header: '贷款笔数', width: 10, value: (r) => r.loans },
  // Amounts are kept in 分; the sheet shows 元 with two decimals (分 / 100 is exact at that precision).
  { header: '贷款金额（元）', width: 18, value: (r) => r.amountFen / 100, numFmt: YUAN },
  { header: '信用贷款笔数', width: 12, value: (r) => r.creditLoans },
  { header: '信用贷款占比', width: 12, value: (r) => r.creditShareBp / 10_000, numFmt: SHARE },
  { header: '首贷户数', width: 10, value: (r) => r.firstLoans },
  { header: '平均审批用时（工作日）', width: 20, value: (r) => r.avgDecisionDays },
  { header: '审批用时中位数（工作日）', width: 22, value: (r) => r.p50DecisionDays },
  { header: '逾期笔数', width: 10, value: (r) => r.overdue },
  { header: '违约笔数', width: 10, value: (r) => r.defaulted },
]

function statSheet(wb: ExcelJS.Workbook, name: string, by: string, rows: readonly StatRow[], total: StatRow): void {
  const ws = wb.addWorksheet(name)
  ws.columns = [{ header: by, width: 28 }, ...STAT_COLUMNS.map((c) => ({ header: c.header, width: c.width }))]
  for (const r of [...rows, { ...total, name: '合计' }]) ws.addRow([r.name, ...STAT_COLUMNS.map((c) => c.value(r))])
  STAT_COLUMNS.forEach((c, i) => { if (c.numFmt) ws.getColumn(i + 2).numFmt = c.numFmt })
  ws.getRow(1).font = { bold: true }
  ws.getRow(ws.rowCount).font = { bold: true }
  ws.views = [{ state: 'frozen', ySplit: 1 }]
}

/**
 * 融资统计 as a workbook: the conditions first, then one sheet per breakdown (Chinese headers, amounts in 元 with two
 * decimals, a 合计 row), then late reports per institution.
 */
export async function buildStatsWorkbook(s: FinancingStats, conditions: Array<[string, string]>): Promise<Buffer> {
  const wb = new ExcelJS.Workbook()
  wb.creator = '信枢'
  const info = wb.addWorksheet('统计条件')
  info.columns = [{ header: '条件', width: 16 }, { header: '取值', width: 40 }]
  for (const c of conditions) info.addRow(c)
  info.getRow(1).font = { bold: true }
  statSheet(wb, '按地区', '地区（市）', s.byRegion, s.total)
  statSheet(wb, '按机构', '金融机构', s.byInstitution, s.total)
  statSheet(wb, '按产品类型', '产品类型', s.byProductType, s.total)
  statSheet(wb, '按企业规模', '企业规模', s.byEnterpriseSize, s.total)
  statSheet(wb, '按月份', '放款月份', s.byMonth, s.total)
  const late = wb.addWorksheet('机构超期报送')
  late.columns = [{ header: '金融机构', width: 28 }, { header: '环节', width: 16 }, { header: '超期次数', width: 10 }, { header: '超期工作日合计', width: 16 }]
  for (const r of s.lateReports) {
    for (const st of r.steps) late.addRow([r.institution, st.stepName, st.count, st.workingDaysLate])
    late.addRow([r.institution, '小计', r.count, r.workingDaysLate]).font = { bold: true }
  }
  late.getRow(1).font = { bold: true }
  return Buffer.from(await wb.xlsx.writeBuffer())
}
