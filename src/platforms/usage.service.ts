import ExcelJS from 'exceljs'
import type { Database } from '../core/index.js'
import type { Principal } from '../access/index.js'
import { actorOf, type AuditService } from '../audit/index.js'
import { realDate } from './feedback.service.js'
import { PlatformErrors } from './platforms.errors.js'
import { createPlatformsRepository, type UsageRow } from './platforms.repository.js'
import type { PlatformUsage, UsageFilter, UsageReport } from './platforms.types.js'


/** The columns of the usage table, in the order the page, the workbook and the CSV show them. */
export const USAGE_COLUMNS: ReadonlyArray<{ key: keyof PlatformUsage; zh: string; width: number }> = [
  { key: 'platform', zh: '服务平台', width: 28 },
  { key: 'pulls', zh: '拉取次数', width: 10 },
  { key: 'lastPullAt', zh: '最近拉取时间', width: 24 },
  { key: 'lagSeconds', zh: '数据滞后（秒）', width: 14 },
  { key: 'upserts', zh: '下发记录数', width: 12 },
  { key: 'tombstones', zh: '下发删除数', width: 12 },
  { key: 'granted', zh: '含授权字段记录数', width: 16 },
  { key: 'subjectsDelivered', zh: '已下发主体数', width: 14 },
  { key: 'reports', zh: '反馈批次', width: 10 },
  { key: 'queries', zh: '查询次数', width: 10 },
  { key: 'matches', zh: '匹配次数', width: 10 },
  { key: 'loans', zh: '放款笔数', width: 10 },
  { key: 'loanAmountFen', zh: '放款金额（元）', width: 16 },
  { key: 'subjectsUsed', zh: '已使用主体数', width: 14 },
  { key: 'usedShareBp', zh: '使用率', width: 10 },
]

/** A cell as people read it: amounts in 元, the share as a percentage. */
function cell(u: PlatformUsage, key: keyof PlatformUsage): string | number | null {
  const v = u[key]
  if (key === 'loanAmountFen') return Number(v) / 100
  if (key === 'usedShareBp') return v === null ? null : Number(v) / 10_000
  return v
}

/** RFC 4180: quote a field that holds a comma, quote or line break; a leading =, +, - or @ is neutralised for spreadsheets. */
function csvField(v: string | number | null): string {
  if (v === null) return ''
  let s = String(v)
  if (typeof v === 'string' && /^[=+\-@]/.test(s)) s = `'${s}`
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
}

/**
 * Usage per platform (§七): what the feed delivered to each platform and what the platform reported back doing
 * with it (queries, matches, loans), for the operator and supervisors, on screen, as Excel and as CSV. Every read
 * and export is audited. The figures are aggregates: no subject is named.
 *
 * @example
 * const r = await usage.report(operator, { from: '2026-11-01', to: '2026-11-30' })
 * r.platforms[0] // { platform: '信易贷宁夏总站', upserts: 12000, loans: 14, usedShareBp: 310, … }
 */
export function createUsageService(deps: { db: Database; audit: AuditService; lagOf: (platform: string) => Promise<number | null>; platformNames: () => Promise<string[]> }) {
  const { db, audit } = deps
  const repo = createPlatformsRepository()

  function check(p: Principal, f: UsageFilter): void {
    if (p.role !== 'operator' && p.role !== 'supervisor') throw PlatformErrors.USAGE_NOT_ALLOWED()
    if (f.from !== undefined && !realDate(f.from)) throw PlatformErrors.USAGE_FILTER_INVALID(`起始日期无效：${f.from}`)
    if (f.to !== undefined && !realDate(f.to)) throw PlatformErrors.USAGE_FILTER_INVALID(`截止日期无效：${f.to}`)
    if (f.from && f.to && f.from > f.to) throw PlatformErrors.USAGE_FILTER_INVALID('起始日期晚于截止日期')
  }

  async function compute(f: UsageFilter): Promise<UsageReport> {
    const names = await deps.platformNames()
    const rows = await repo.usage(db, names, f.from ?? null, f.to ?? null)
    const lags = new Map(await Promise.all(names.map(async (name) => [name, await deps.lagOf(name)] as const)))
    const n = (v: unknown) => Number(v ?? 0)
    const platforms = rows.map((r: UsageRow): PlatformUsage => {
      const delivered = n(r.subjects_delivered)
      const used = n(r.subjects_used)
      return {
        platform: r.platform, pulls: n(r.pulls), lastPullAt: r.last_pull_at ? new Date(r.last_pull_at).toISOString() : null,
        lagSeconds: lags.get(r.platform) ?? null,
        upserts: n(r.upserts), tombstones: n(r.tombstones), granted: n(r.granted), subjectsDelivered: delivered,
        reports: n(r.reports), queries: n(r.queries), matches: n(r.matches), loans: n(r.loans), loanAmountFen: n(r.loan_fen),
        subjectsUsed: used, usedShareBp: delivered ? Math.round((used / delivered) * 10_000) : null,
      }
    })
    return { filter: f, platforms }
  }

  return {
    async report(p: Principal, f: UsageFilter): Promise<UsageReport> {
      check(p, f)
      const r = await compute(f)
      await audit.append({ actor: actorOf(p), action: 'platforms.usage.read', details: { filter: { ...f }, platforms: r.platforms.length } })
      return r
    },

    /** The same table as a workbook (conditions first) or as CSV (UTF-8 with BOM, so Excel opens it as Chinese). */
    async export(p: Principal, f: UsageFilter, format: 'xlsx' | 'csv'): Promise<{ body: Buffer; fileName: string }> {
      check(p, f)
      const r = await compute(f)
      const period = `${f.from ? `-${f.from}` : ''}${f.to ? `-${f.to}` : ''}`
      let body: Buffer
      if (format === 'csv') {
        const lines = [USAGE_COLUMNS.map((c) => csvField(c.zh)).join(','), ...r.platforms.map((u) => USAGE_COLUMNS.map((c) => csvField(cell(u, c.key))).join(','))]
        body = Buffer.from(`\ufeff${lines.join('\r\n')}\r\n`, 'utf8')
      } else {
        const wb = new ExcelJS.Workbook()
        wb.creator = '信枢'
        const info = wb.addWorksheet('统计条件')
        info.columns = [{ header: '条件', width: 16 }, { header: '取值', width: 60 }]
        info.addRow(['日期自', f.from ?? '不限'])
        info.addRow(['日期至', f.to ?? '不限'])
        info.addRow(['说明', '下发按拉取日期计，反馈按反馈所述日期计；已下发主体数为累计；使用率 = 期间反馈涉及的主体数 / 累计下发主体数；金额单位为元'])
        info.getRow(1).font = { bold: true }
        const ws = wb.addWorksheet('平台使用情况')
        ws.columns = USAGE_COLUMNS.map((c) => ({ header: c.zh, width: c.width }))
        for (const u of r.platforms) ws.addRow(USAGE_COLUMNS.map((c) => cell(u, c.key)))
        ws.getColumn(USAGE_COLUMNS.findIndex((c) => c.key === 'loanAmountFen') + 1).numFmt = '#,##0.00'
        ws.getColumn(USAGE_COLUMNS.findIndex((c) => c.key === 'usedShareBp') + 1).numFmt = '0.00%'
        ws.getRow(1).font = { bold: true }
        ws.views = [{ state: 'frozen', ySplit: 1 }]
        body = Buffer.from(await wb.xlsx.writeBuffer())
      }
      await audit.append({ actor: actorOf(p), action: 'platforms.usage.export', details: { filter: { ...f }, format, platforms: r.platforms.length } })
      return { body, fileName: `平台使用情况${period}.${format}` }
    },
  }
}

export type UsageService = ReturnType<typeof createUsageService>
