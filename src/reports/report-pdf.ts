import PDFDocument from 'pdfkit'
import { BEIJING_OFFSET_MS } from '../core/index.js'
import { cjkFonts } from './cjk-fonts.js'
import type { IssuedReport, ReportItem } from './report.types.js'

const PAGE = { width: 595.28, height: 841.89 }
const MARGIN = { left: 56, right: 56, top: 78, bottom: 84 }
const CONTENT_WIDTH = PAGE.width - MARGIN.left - MARGIN.right
const LABEL_WIDTH = 150
const INK = '#1a1a1a'
const GREY = '#666666'
const RULE = '#9a9a9a'
const SHADE = '#f0f0f0'
const RED = '#b0000b'

const CHINESE_NUMBERS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '十一', '十二', '十三', '十四', '十五', '十六', '十七', '十八', '十九', '二十']
const cn = (n: number) => CHINESE_NUMBERS[n] ?? String(n)

/** 2026年06月30日 14:05 in Beijing time, the way the report's readers write dates. */
export function beijingTime(iso: string, withTime = true): string {
  const d = new Date(new Date(iso).getTime() + BEIJING_OFFSET_MS).toISOString()
  const day = `${d.slice(0, 4)}年${d.slice(5, 7)}月${d.slice(8, 10)}日`
  return withTime ? `${day} ${d.slice(11, 16)}` : day
}

function display(value: unknown, type: string): string {
  if (value === null || value === undefined || value === '') return '—'
  if (typeof value === 'boolean') return value ? '是' : '否'
  if (type === 'money' && /^-?\d+(\.\d+)?$/.test(String(value))) {
    const [int, frac] = String(value).split('.')
    return `${int!.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}${frac ? '.' + frac : ''} 元`
  }
  return String(value)
}

/** The code in groups of eight, so a person can read it out or type it. */
export const groupedCode = (code: string) => code.match(/.{1,8}/g)!.join(' ')

/**
 * Lays out an issued report as a PDF in the form of a Chinese official report: 黑体 headings and 宋体 body from
 * Debian's Noto CJK fonts, a cover block with the report number, subject, issuing unit and times, the nine sections
 * with their 数据截止日期, each record as a bordered two-column table, and on every page the report number,
 * the verification code and 第 X 页 共 Y 页.
 *
 * @example
 * const pdf = await renderReportPdf(await reports.get(principal, reportNo))
 * reply.type('application/pdf').send(pdf)
 */
export async function renderReportPdf(report: IssuedReport): Promise<Buffer> {
  const fonts = cjkFonts()
  const doc = new PDFDocument({
    size: 'A4', bufferPages: true, margins: MARGIN,
    info: { Title: `${report.title} ${report.subject.name ?? ''}`.trim(), Author: report.issuer, Subject: report.reportNo, Creator: '信枢 Xinshu', Keywords: report.verification.code },
  })
  doc.registerFont('body', fonts.body.data, fonts.body.postscriptName)
  doc.registerFont('heading', fonts.heading.data, fonts.heading.postscriptName)
  const chunks: Buffer[] = []
  doc.on('data', (c: Buffer) => chunks.push(c))
  const finished = new Promise<void>((resolve, reject) => {
    doc.on('end', () => resolve())
    doc.on('error', reject)
  })

  const bottom = () => PAGE.height - MARGIN.bottom
  const ensure = (h: number) => {
    if (doc.y + h > bottom()) doc.addPage()
  }

  /** One bordered row: label cell shaded, value cell wrapped; splits to a new page before, never inside. */
  function row(label: string, value: string, opts: { labelWidth?: number; valueFont?: string } = {}): void {
    const lw = opts.labelWidth ?? LABEL_WIDTH
    const vw = CONTENT_WIDTH - lw
    doc.font('body').fontSize(9.5)
    const lh = doc.heightOfString(label, { width: lw - 12 })
    doc.font(opts.valueFont ?? 'body').fontSize(9.5)
    const vh = doc.heightOfString(value, { width: vw - 12 })
    const h = Math.max(lh, vh) + 10
    ensure(h)
    const y = doc.y
    doc.save().rect(MARGIN.left, y, lw, h).fill(SHADE).restore()
    doc.lineWidth(0.5).strokeColor(RULE).rect(MARGIN.left, y, lw, h).stroke().rect(MARGIN.left + lw, y, vw, h).stroke()
    doc.fillColor(INK).font('body').fontSize(9.5).text(label, MARGIN.left + 6, y + 5, { width: lw - 12 })
    doc.font(opts.valueFont ?? 'body').fontSize(9.5).text(value, MARGIN.left + lw + 6, y + 5, { width: vw - 12 })
    doc.x = MARGIN.left
    doc.y = y + h
  }

  function heading(text: string, size: number, right?: string): void {
    ensure(size * 3)
    const y = doc.y
    doc.fillColor(INK).font('heading').fontSize(size).text(text, MARGIN.left, y, { width: CONTENT_WIDTH, lineBreak: false })
    if (right) doc.font('body').fontSize(9).fillColor(GREY).text(right, MARGIN.left, y + size - 9, { width: CONTENT_WIDTH, align: 'right', lineBreak: false })
    doc.x = MARGIN.left
    doc.y = y + size * 1.45 + 4
  }

  function paragraph(text: string, opts: { size?: number; color?: string; align?: 'left' | 'center' | 'right'; indent?: number } = {}): void {
    doc.font('body').fontSize(opts.size ?? 10)
    const h = doc.heightOfString(text, { width: CONTENT_WIDTH - (opts.indent ?? 0) })
    ensure(h + 4)
    doc.fillColor(opts.color ?? INK).text(text, MARGIN.left + (opts.indent ?? 0), doc.y, { width: CONTENT_WIDTH - (opts.indent ?? 0), align: opts.align ?? 'left', lineGap: 2 })
    doc.x = MARGIN.left
  }

  // ---- Cover block ----------------------------------------------------------------------------------------------
  doc.y = MARGIN.top + 20
  doc.fillColor(INK).font('heading').fontSize(26).text(report.title, MARGIN.left, doc.y, { width: CONTENT_WIDTH, align: 'center', characterSpacing: 4 })
  doc.moveDown(0.3)
  doc.font('body').fontSize(10.5).fillColor(GREY).text(`（依据《${report.standard}》）`, { width: CONTENT_WIDTH, align: 'center' })
  doc.moveDown(1.5)
  doc.x = MARGIN.left
  const requester = report.requester.basis === 'self' ? '信用主体本身（免费自查）' : `${report.requester.organization ?? '—'}`
  const cover: Array<[string, string]> = [
    ['报告编号', report.reportNo],
    ['信用主体名称', report.subject.name ?? '—'],
    ['统一社会信用代码', report.subject.uscc ?? report.subject.subjectKey],
    ...(report.subject.formerNames.length ? [['曾用名', report.subject.formerNames.join('；')] as [string, string]] : []),
    ['报告生成时间', beijingTime(report.issuedAt)],
    ['数据截止时间', report.asOf ? beijingTime(report.asOf) : '暂无数据'],
    ['查询方', requester],
    ['查询用途', report.requester.purpose + (report.requester.grants.length ? `（授权编号：${report.requester.grants.join('、')}）` : '')],
    ['出具单位', report.issuer],
  ]
  for (const [label, value] of cover) row(label, value, { labelWidth: 120 })
  doc.moveDown(1.2)
  heading('报告说明', 12)
  report.notes.forEach((n, i) => paragraph(`${i + 1}. ${n}`, { size: 9.5, color: '#333333' }))
  doc.moveDown(0.8)
  heading('报告目录', 12)
  for (const s of report.sections) {
    const count = s.items.reduce((n, i) => n + i.records.length, 0)
    paragraph(`${cn(s.no)}、${s.title}　${count ? `${count} 条` : '无'}`, { size: 10, indent: 12 })
  }

  // ---- Sections -------------------------------------------------------------------------------------------------
  doc.addPage()
  for (const s of report.sections) {
    // Keep a heading with the start of what follows it.
    ensure(s.items.length ? 150 : 60)
    doc.moveDown(0.4)
    heading(`${cn(s.no)}、${s.title}`, 14, `数据截止日期：${s.asOf ? beijingTime(s.asOf, false) : '暂无数据'}`)
    doc.lineWidth(1.2).strokeColor(RED).moveTo(MARGIN.left, doc.y - 2).lineTo(PAGE.width - MARGIN.right, doc.y - 2).stroke()
    doc.y += 6
    if (!s.items.length) {
      paragraph(s.empty ?? '无', { size: 10, color: GREY, indent: 12 })
      doc.moveDown(0.6)
      continue
    }
    s.items.forEach((item, k) => renderItem(item, k))
  }
  if (report.selfDeclared) renderSelfDeclared(report.selfDeclared)
  doc.moveDown(1.5)
  ensure(90)
  paragraph('—— 报告结束 ——', { size: 10, color: GREY, align: 'center' })
  doc.moveDown(0.8)
  paragraph(`出具单位：${report.issuer}`, { size: 10, align: 'right' })
  paragraph(`出具时间：${beijingTime(report.issuedAt, false)}`, { size: 10, align: 'right' })

  /** The appendix of the subject's own statements: its own heading, each entry marked 自愿填报, never mixed into sections. */
  function renderSelfDeclared(sd: NonNullable<typeof report.selfDeclared>): void {
    ensure(150)
    doc.moveDown(0.4)
    heading('附录、信用主体自愿填报信息和信用承诺', 14, '未经数据提供单位核实')
    doc.lineWidth(1.2).strokeColor(RED).moveTo(MARGIN.left, doc.y - 2).lineTo(PAGE.width - MARGIN.right, doc.y - 2).stroke()
    doc.y += 6
    paragraph(sd.notice, { size: 9, color: GREY })
    for (const c of sd.commitments) {
      ensure(40)
      row(`信用承诺（${c.typeName}）`, `签署人：${c.signer}　签署日期：${c.signedOn}　承诺书 SM3：${c.textSm3.slice(0, 16)}…`)
    }
    for (const item of sd.items) {
      ensure(80)
      doc.moveDown(0.3)
      heading(`${item.name}（自愿填报 ${item.declarations.length} 条）`, 11)
      for (const d of item.declarations) {
        ensure(40)
        doc.font('body').fontSize(8.5).fillColor(GREY).text(`自愿填报　填报时间：${beijingTime(d.declaredAt)}`, MARGIN.left, doc.y, { width: CONTENT_WIDTH })
        doc.y += 2
        for (const f of item.fields) if (f.key in d.values) row(f.name, display(d.values[f.key], 'string'))
        doc.y += 6
      }
    }
  }

  function renderItem(item: ReportItem, k: number): void {
    ensure(110)
    doc.moveDown(0.3)
    heading(`（${cn(k + 1)}）${item.name}（${item.records.length} 条）`, 11, `数据截止日期：${beijingTime(item.asOf, false)}`)
    item.records.forEach((r, i) => {
      ensure(40)
      doc.font('body').fontSize(8.5).fillColor(GREY).text(`第 ${i + 1} 条　来源：${r.provider}　归集时间：${beijingTime(r.receivedAt)}${r.state === 'objected' ? '　【异议中】' : ''}`, MARGIN.left, doc.y, { width: CONTENT_WIDTH })
      doc.y += 2
      for (const f of item.fields) {
        if (!(f.key in r.values)) continue
        row(f.name, display(r.values[f.key], f.type))
      }
      doc.y += 6
    })
    if (item.withheld.length) {
      const names = item.withheld.map((w) => w.name).join('、')
      paragraph(`注：本信息项另有 ${item.withheld.length} 个字段（${names}）须经信用主体授权方可查看，本报告未予显示。`, { size: 8.5, color: GREY })
      doc.y += 4
    }
  }

  // ---- Running header and footer on every page -------------------------------------------------------------------
  const range = doc.bufferedPageRange()
  const code = groupedCode(report.verification.code)
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i)
    const keep = doc.page.margins.bottom
    doc.page.margins.bottom = 0 // writing in the margin must not start a new page
    doc.font('body').fontSize(8.5).fillColor(GREY)
    doc.text(`${report.issuer}　${report.title}`, MARGIN.left, 46, { width: CONTENT_WIDTH, lineBreak: false })
    doc.text(`报告编号：${report.reportNo}`, MARGIN.left, 46, { width: CONTENT_WIDTH, align: 'right', lineBreak: false })
    doc.lineWidth(0.6).strokeColor(RULE).moveTo(MARGIN.left, 60).lineTo(PAGE.width - MARGIN.right, 60).stroke()
    const fy = PAGE.height - 70
    doc.moveTo(MARGIN.left, fy).lineTo(PAGE.width - MARGIN.right, fy).stroke()
    doc.fontSize(7.5).text(`验证码（SM3）：${code}`, MARGIN.left, fy + 6, { width: CONTENT_WIDTH, lineBreak: false })
    doc.text(`核验：${report.verification.url.replace(/[0-9a-f]{64}$/, '{验证码}')}（无需登录）`, MARGIN.left, fy + 18, { width: CONTENT_WIDTH, lineBreak: false })
    doc.fontSize(9).fillColor(INK).text(`第 ${i + 1 - range.start} 页 共 ${range.count} 页`, MARGIN.left, fy + 34, { width: CONTENT_WIDTH, align: 'center', lineBreak: false })
    doc.page.margins.bottom = keep
  }
  doc.end()
  await finished
  return Buffer.concat(chunks)
}
