import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Xinshu } from '../app/index.js'
import type { Role } from '../access/index.js'
import { AppError, sm3 } from '../core/index.js'
import { TEST_DIALECTS } from '../../test/databases.js'
import { openTestXinshu } from '../../test/xinshu.js'
import { BANK, INSURER, seedCallers, seedFirm, seedInstitution, type Caller, type Firm } from '../../test/fixtures/access.fixtures.js'
import { canonicalJson } from '../audit/index.js'
import { renderReportPdf } from './report-pdf.js'
import { REPORT_SECTIONS } from './report-sections.js'
import type { IssuedReport } from './report.types.js'

const inDays = (d: number) => new Date(Date.now() + d * 86_400_000).toISOString()
const hasPdftotext = existsSync('/usr/bin/pdftotext')

async function refusal(p: Promise<unknown>): Promise<AppError> {
  const err = await p.then(() => undefined, (e: unknown) => e)
  expect(err).toBeInstanceOf(AppError)
  return err as AppError
}

const itemOf = (r: IssuedReport, key: string) => r.sections.flatMap((s) => s.items).find((i) => i.key === key)

for (const dialect of TEST_DIALECTS) {
  describe(`${dialect}: credit report`, () => {
    let x: Xinshu
    let firm: Firm
    let as: Record<Role, Caller>
    let insurer: Caller
    let mine: IssuedReport

    beforeAll(async () => {
      x = await openTestXinshu(dialect)
      firm = await seedFirm(x, { debtor: true })
      as = await seedCallers(x, firm.uscc)
      insurer = await seedInstitution(x, INSURER, 'insurer')
      mine = await x.reports.issue(as.enterprise.principal, firm.uscc)
    })
    afterAll(async () => {
      await x?.close()
    })

    it('follows the nine sections of the national standard, with as-of dates and items where they belong', () => {
      expect(mine.sections.map((s) => s.title)).toEqual(['基础信息', '行政管理信息', '诚实守信相关信息', '严重失信主体名单信息', '经营异常名录信息', '信用承诺及履约信息', '信用评价信息', '司法判决及执行信息', '其他信息'])
      const by = Object.fromEntries(mine.sections.map((s) => [s.key, s]))
      expect(by.basic!.items.map((i) => i.key)).toEqual(['business_license'])
      expect(by.serious_dishonesty!.items.map((i) => i.key)).toEqual(['dishonest_judgment_debtor'])
      expect(by.other!.items.map((i) => i.key)).toEqual(['tax_payment', 'housing_fund_contribution', 'real_estate_registration'])
      expect(by.basic!.asOf).toMatch(/^\d{4}-\d{2}-\d{2}T/)
      expect(by.commitment).toMatchObject({ items: [], asOf: null })
      expect(by.commitment!.empty).toContain('信用承诺')
      expect(mine).toMatchObject({ title: '公共信用信息报告', issuer: '宁夏回族自治区社会信用服务中心', standard: '公共信用信息报告标准（2022年版）', subject: { uscc: firm.uscc, name: firm.name } })
      expect(mine.reportNo).toMatch(/^NXXY\d{8}[0-9A-F]{10}$/)
      // Every catalog item is placed in exactly one section.
      const placed = REPORT_SECTIONS.flatMap((s) => s.items)
      expect(new Set(placed).size).toBe(placed.length)
      expect(new Set(placed)).toEqual(new Set([...x.catalog.current().items.keys()]))
    })

    it('masks ID numbers even in the subject\'s own report, and carries an SM3 code over its content', () => {
      const id = itemOf(mine, 'administrative_penalty')!.records[0]!.values.legal_representative_id_number
      expect(id).toBe(`${firm.legalRepresentativeId.slice(0, 6)}********${firm.legalRepresentativeId.slice(-4)}`)
      const { verification, ...content } = mine
      expect(verification).toEqual({ algorithm: 'SM3', code: sm3(canonicalJson(content)), url: `/report-check?code=${verification.code}` })
    })

    it('is logged as a read, and stored so it cannot be changed', async () => {
      const [e] = await x.audit.list({ subjectKey: firm.uscc, action: 'report.issue', limit: 1 })
      expect(e!.details).toMatchObject({ reportNo: mine.reportNo, code: mine.verification.code })
      await expect(x.db.query(`update reports.issued set subject_name = 'x' where report_no = $1`, [mine.reportNo])).rejects.toThrow(/cannot be changed/)
    })

    it('confirms a genuine code, forgiving spaces and case, and answers not found for any other', async () => {
      const spaced = mine.verification.code.toUpperCase().match(/.{8}/g)!.join(' ')
      expect(await x.reports.checkCode(spaced)).toMatchObject({ genuine: true, reportNo: mine.reportNo, subjectName: firm.name, issuedAt: mine.issuedAt })
      expect((await refusal(x.reports.checkCode(sm3('forged')))).code).toBe('REPORT_NOT_FOUND')
      expect((await refusal(x.reports.checkCode('not a code'))).code).toBe('REPORT_NOT_FOUND')
    })

    it('accepts the report JSON as issued and rejects it once any value is altered', async () => {
      const copy = JSON.parse(JSON.stringify(mine)) as IssuedReport
      expect(await x.reports.checkContent(copy as never)).toMatchObject({ genuine: true, reportNo: mine.reportNo })
      const altered = JSON.parse(JSON.stringify(mine)) as IssuedReport
      itemOf(altered, 'dishonest_judgment_debtor')!.records[0]!.values.performance_status = '全部已履行'
      expect(await x.reports.checkContent(altered as never)).toEqual({ genuine: false, problem: 'altered', reportNo: mine.reportNo })
      const dropped = JSON.parse(JSON.stringify(mine)) as IssuedReport
      dropped.sections[3]!.items = []
      expect((await x.reports.checkContent(dropped as never)).genuine).toBe(false)
      const forged = { ...JSON.parse(JSON.stringify(mine)), reportNo: 'NXXY20260101FFFFFFFFFF', verification: { code: sm3('x') } }
      expect(await x.reports.checkContent(forged)).toEqual({ genuine: false, problem: 'unknown' })
    })

    it('shows an institution restricted data only under a live view grant', async () => {
      const bare = await x.reports.issue(as.institution.principal, firm.uscc)
      expect(itemOf(bare, 'tax_payment')!.records[0]!.values).not.toHaveProperty('vat_paid_last_12_months')
      expect(itemOf(bare, 'tax_payment')!.withheld.map((w) => w.name)).toContain('近一年增值税实际缴税金额')
      expect(itemOf(bare, 'real_estate_registration')).toBeUndefined()
      const g = await x.grants.create(as.enterprise.principal, { institution: BANK, categories: ['taxation'], mode: 'view', purpose: '融资', validUntil: inDays(10) })
      const granted = await x.reports.issue(as.institution.principal, firm.uscc, { grantId: g.id })
      expect(itemOf(granted, 'tax_payment')!.records[0]!.values.vat_paid_last_12_months).toBe('1250000.00')
      expect(granted.requester).toMatchObject({ basis: 'institution', purpose: '融资', grants: [g.id] })
      await x.grants.revoke(as.enterprise.principal, g.id, {})
      expect((await refusal(x.reports.issue(as.institution.principal, firm.uscc, { grantId: g.id }))).code).toBe('GRANT_REVOKED')
    })

    it('lets the requester, the subject and the operator fetch a report again, and no one else', async () => {
      const bankReport = await x.reports.issue(as.institution.principal, firm.uscc)
      expect((await x.reports.get(as.institution.principal, bankReport.reportNo)).verification.code).toBe(bankReport.verification.code)
      expect((await x.reports.get(as.enterprise.principal, bankReport.reportNo)).reportNo).toBe(bankReport.reportNo)
      expect((await x.reports.get(as.operator.principal, bankReport.reportNo)).reportNo).toBe(bankReport.reportNo)
      expect((await refusal(x.reports.get(insurer.principal, bankReport.reportNo))).code).toBe('REPORT_NOT_YOURS')
    })

    it.runIf(dialect === 'pglite')('prints a PDF in Chinese fonts with page numbers and the code on every page', async () => {
      const pdf = await renderReportPdf(mine)
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-')
      const text = pdf.toString('latin1')
      expect(text).toMatch(/NotoSerifCJKsc-Regular/)
      expect(text).toMatch(/NotoSansCJKsc-Bold|NotoSerifCJKsc-Bold/)
      if (!hasPdftotext) return
      const dir = mkdtempSync(join(tmpdir(), 'xinshu-report-'))
      try {
        writeFileSync(join(dir, 'r.pdf'), pdf)
        const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [join(dir, 'r.pdf')], { encoding: 'utf8' }))![1])
        expect(pages).toBeGreaterThanOrEqual(3)
        const out = execFileSync('pdftotext', ['-layout', join(dir, 'r.pdf'), '-'], { encoding: 'utf8' })
        const perPage = out.split('\f').filter((p) => p.trim())
        expect(perPage).toHaveLength(pages)
        const firstGroup = mine.verification.code.slice(0, 8)
        perPage.forEach((p, i) => {
          expect(p.replace(/\s+/g, '')).toContain(`第${i + 1}页共${pages}页`)
          expect(p).toContain(firstGroup)
          expect(p).toContain(mine.reportNo)
        })
        const all = out.replace(/\s+/g, '')
        for (const s of ['公共信用信息报告', '宁夏回族自治区社会信用服务中心', '报告生成时间', '数据截止日期', '一、基础信息', '九、其他信息', firm.name]) expect(all).toContain(s)
      } finally {
        rmSync(dir, { recursive: true, force: true })
      }
    })
  })
}
