import { randomBytes } from 'node:crypto'
import type { Database } from '../core/index.js'
import { sm3, beijingDate } from '../core/index.js'
import type { CatalogService } from '../catalog/index.js'
import type { AuditService } from '../audit/index.js'
import { actorOf } from '../audit/index.js'
import { canonicalJson } from '../audit/index.js'
import { allowedOrThrow, type Authorize } from '../access/index.js'
import type { Principal } from '../access/index.js'
import type { ProfileService } from '../records/index.js'
import type { GrantService } from '../access/index.js'
import type { SelfDeclaredSection } from '../records/index.js'
import { REPORT_SECTIONS, sectionOf } from './report-sections.js'
import { createReportRepository, type IssuedRow } from './report.repository.js'
import { ReportErrors } from './report.errors.js'
import type { CreditReport, IssuedReport, ReportCheck, ReportItem, ReportSection } from './report.types.js'

/** The unit that issues every report: the hub's operator (68号文: 自治区社会信用服务中心). */
export const REPORT_ISSUER = '宁夏回族自治区社会信用服务中心'
export const REPORT_STANDARD = '公共信用信息报告标准（2022年版）'

/** The code people type or scan: 64 hex characters; spaces, dashes and case are forgiven. */
export function normalizeCode(text: string): string {
  return text.toLowerCase().replace(/[^0-9a-f]/g, '')
}

/** The verification code of a report: SM3 over its canonical JSON, without the verification block itself. */
export function reportCode(report: CreditReport | Record<string, unknown>): string {
  const { verification: _v, ...content } = report as Record<string, unknown>
  void _v
  return sm3(canonicalJson(content))
}

const beijingDay = (d: Date) => beijingDate(d).replace(/-/g, '')

/**
 * The credit report (公共信用信息报告): a subject's profile, cut to what the requester may see, laid out in the nine
 * sections of the national standard, with as-of dates per section. Each issued report is stored with its
 * verification code (SM3 over its content), so anyone can check a printed copy at /report-check?code={code} (the page over GET /verify/{code}) without logging
 * in, and a report whose content was changed no longer matches. Issuing is audited like any read.
 *
 * @example
 * const r = await reports.issue(bank, '91640100MA76XQ0A8A')
 * await reports.checkCode(r.verification.code) // { genuine: true, reportNo, issuedAt, subjectName }
 */
export function createReportService(deps: { db: Database; catalog: CatalogService; profiles: ProfileService; grants: Pick<GrantService, 'between'>; audit: AuditService; now?: () => Date
  /** Who may fetch a stored report (access's one authorisation function). */
  authorize: Authorize
}) {
  const { db, catalog, profiles, audit } = deps
  const now = deps.now ?? (() => new Date())
  const repo = createReportRepository()

  const withVerification = (report: CreditReport, code: string): IssuedReport => ({
    ...report,
    verification: { algorithm: 'SM3', code, url: `/report-check?code=${code}` },
  })

  const hasSelfDeclared = (s: SelfDeclaredSection | undefined): s is SelfDeclaredSection => Boolean(s && (s.items.length || s.commitments.length))

  const parse = (row: IssuedRow): CreditReport => JSON.parse(row.content) as CreditReport

  return {
    async issue(p: Principal, code: string, opts: { grantId?: string | undefined } = {}): Promise<IssuedReport> {
      const { profile, disclosed } = await profiles.assemble(p, code, { grantId: opts.grantId, maskIdentifiers: true })
      const at = now()
      const index = catalog.current()
      const bySection = new Map<string, ReportItem[]>()
      for (const category of profile.categories) {
        for (const item of category.items) {
          const section = sectionOf(item.key)
          const list = bySection.get(section.key) ?? []
          list.push({
            key: item.key, name: item.name, asOf: item.asOf,
            fields: item.fields.map((f) => ({ key: f.key, name: f.name, type: f.type })),
            withheld: item.withheld.map((k) => ({ key: k, name: index.get(item.key)?.item.fields.find((f) => f.key === k)?.name ?? k })),
            records: item.records.map((r) => ({ values: r.values, provider: r.provenance.provider, receivedAt: r.provenance.receivedAt, ...(r.state ? { state: r.state } : {}) })),
          })
          bySection.set(section.key, list)
        }
      }
      const sections: ReportSection[] = REPORT_SECTIONS.map((s) => {
        // Items in the order the section lists them, then any the table does not name (later catalog versions).
        const items = (bySection.get(s.key) ?? []).sort((a, b) => rank(s.items, a.key) - rank(s.items, b.key))
        const asOf = items.reduce<string | null>((m, i) => (m === null || i.asOf > m ? i.asOf : m), null)
        return { no: s.no, key: s.key, title: s.title, asOf, items, empty: items.length ? null : s.empty }
      })
      const report: CreditReport = {
        format: 'xinshu.credit-report/1',
        reportNo: `NXXY${beijingDay(at)}${randomBytes(5).toString('hex').toUpperCase()}`,
        title: '公共信用信息报告',
        standard: REPORT_STANDARD,
        issuer: REPORT_ISSUER,
        issuedAt: at.toISOString(),
        requester: { role: p.role, organization: p.organization, basis: profile.viewer.basis, purpose: profile.viewer.purpose, grants: disclosed.grantIds },
        subject: {
          name: profile.subject.name, uscc: profile.subject.uscc, subjectKey: profile.subject.subjectKey,
          formerNames: profile.subject.names.filter((n) => n !== profile.subject.name),
          entityType: profile.subject.entityType, divisionCode: profile.subject.divisionCode,
        },
        asOf: profile.asOf,
        sections,
        notes: [
          `本报告由${REPORT_ISSUER}依据《${REPORT_STANDARD}》出具，信息来源于自治区公共信用信息共享清单（目录第 ${index.version} 版）所列责任单位报送的数据。`,
          '各部分“数据截止日期”为该部分最新数据归集至信用信息共享平台的时间。',
          '自然人证件号码已按脱敏规则处理。' + (profile.viewer.basis === 'institution' ? '受限信息仅在信用主体授权范围内显示。' : profile.viewer.basis === 'public' ? '本报告仅含公开信息。' : ''),
          '本报告的真实性可凭验证码在信用信息共享平台核验（无需登录）；报告内容被修改后将无法通过核验。',
          '信用主体对报告内容有异议的，可向出具单位提出异议申诉。',
          ...(hasSelfDeclared(profile.selfDeclared) ? ['附录所列为信用主体自愿填报的信息和信用承诺，未经数据提供单位核实，与各部分所列报送数据分开列示。'] : []),
        ],
        ...(hasSelfDeclared(profile.selfDeclared) ? { selfDeclared: profile.selfDeclared } : {}),
      }
      const verification = reportCode(report)
      // Log first: a report the audit log cannot record is not issued.
      await audit.append({
        actor: actorOf(p), action: 'report.issue', subjectKey: profile.subject.subjectKey, items: disclosed.items, fields: disclosed.fields,
        grantId: disclosed.grantIds[0] ?? null, purpose: profile.viewer.purpose, details: { reportNo: report.reportNo, code: verification },
      })
      await repo.insert(db, {
        code: verification, report_no: report.reportNo, subject_key: profile.subject.subjectKey, subject_name: profile.subject.name, issued_at: report.issuedAt,
        requester_username: p.username, requester_role: p.role, requester_org: p.organization, content: canonicalJson(report),
      })
      return withVerification(report, verification)
    },

    /**
     * A stored report, for the organisation that asked for it, the subject itself, and the operator. A report an
     * institution obtained under grants holds data only those grants disclosed: once any of them is revoked or
     * has run out, the institution can no longer fetch it (the subject and the operator still can). Every fetch,
     * and every refused one, is audited like the issue.
     */
    async get(p: Principal, reportNo: string, opts: { format?: 'json' | 'pdf' } = {}): Promise<IssuedReport> {
      const row = await repo.byNumber(db, reportNo)
      if (!row) throw ReportErrors.NOT_FOUND(reportNo)
      const report = parse(row)
      const grantIds = report.requester.grants
      const access = deps.authorize(p, { kind: 'issued-report', requesterOrg: row.requester_org, subjectKey: row.subject_key, grantIds })
      allowedOrThrow(access, { 'not-owner': () => ReportErrors.NOT_YOURS() })
      const log = (refused: string | null) => audit.append({
        actor: actorOf(p), action: 'report.fetch', subjectKey: row.subject_key, grantId: grantIds[0] ?? null, purpose: report.requester.purpose,
        details: { reportNo, format: opts.format ?? 'json', ...(refused ? { refused } : {}) },
      })
      if (access.grantsToCheck.length > 0) {
        const live = access.withGrants(await deps.grants.between(p.organization!, row.subject_key))
        if (!live.ok) {
          const refusal = ReportErrors.GRANT_ENDED(live.grants!.join('、'))
          await log(refusal.code)
          throw refusal
        }
      }
      // Log first, as when issuing: a fetch the audit log cannot record does not happen.
      await log(null)
      return withVerification(report, row.code)
    },

    /** Public check of a printed code: genuine, with issue date and subject, or not found. */
    async checkCode(text: string): Promise<ReportCheck> {
      const code = normalizeCode(text)
      const row = code.length === 64 ? await repo.byCode(db, code) : undefined
      if (!row) throw ReportErrors.NOT_FOUND(text.slice(0, 80))
      return { genuine: true, reportNo: row.report_no, issuedAt: new Date(row.issued_at).toISOString(), subjectName: row.subject_name, issuer: REPORT_ISSUER }
    },

    /** Public check of a whole report's JSON: it is genuine only if its content is exactly what was issued. */
    async checkContent(report: Record<string, unknown>): Promise<ReportCheck> {
      if (report.format !== 'xinshu.credit-report/1') throw ReportErrors.BAD_CONTENT()
      const row = await repo.byCode(db, reportCode(report))
      if (row) return { genuine: true, reportNo: row.report_no, issuedAt: new Date(row.issued_at).toISOString(), subjectName: row.subject_name, issuer: REPORT_ISSUER }
      const claimed = (report.verification as { code?: unknown } | undefined)?.code
      const byClaim = typeof claimed === 'string' ? await repo.byCode(db, normalizeCode(claimed)) : undefined
      const byNumber = !byClaim && typeof report.reportNo === 'string' ? await repo.byNumber(db, report.reportNo) : undefined
      return byClaim || byNumber ? { genuine: false, problem: 'altered', reportNo: (byClaim ?? byNumber)!.report_no } : { genuine: false, problem: 'unknown' }
    },
  }
}

function rank(order: readonly string[], key: string): number {
  const i = order.indexOf(key)
  return i < 0 ? order.length : i
}

export type ReportService = ReturnType<typeof createReportService>
