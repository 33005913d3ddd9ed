import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { AddressInfo } from 'node:net'
import type { FastifyInstance } from 'fastify'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest'
import { createXinshu, type Xinshu } from '../../src/app/xinshu.js'
import { DEMO_PASSWORD, seedDemo } from '../../src/app/demo-seed.js'
import { openDatabase } from '../../src/core/db/open-database.js'
import { DEMO_SEED } from '../../src/app/demo-seed.js'
import { demoItemRows, demoSubject, writeItemFile } from '../../src/demo/index.js'
import { buildApp } from '../../src/http/app.js'
import { USCC_CHARSET } from '../../src/registry/uscc.js'
import { CHROMIUM, launchChromium, shot, watchErrors, WEB_DIST_INDEX } from './browser.js'

/**
 * The hub's story through its web app, one browser session per person:
 *  1. a data provider uploads a GB18030 CSV of penalties of the demo enterprise 0 with bad rows and sees what was
 *     quarantined; the operator finds the batch, corrects a record and resubmits it until it is stored;
 *  2. the tax office uploads the enterprise's tax figures (restricted fields);
 *  3. the enterprise sees its new records with their sources, and grants the bank 查看数据 on 纳税信息;
 *  4. the bank sees the restricted fields under that grant and runs a verification answered 是/否 only;
 *  5. the enterprise sees the bank's accesses in its 查询记录, issues its credit report, and revokes the grant;
 *  6. the bank's next profile view under the grant and its next verification are refused with the server's Chinese
 *     message, and it sees the revocation; anyone can check the report's code without logging in;
 *  7. phone width: the login, the menu, and the enterprise's profile.
 */
const ready = !!process.env.XINSHU_E2E
describe.skipIf(!ready)('信枢 web app: upload → quarantine → correction → grant → query → verification → revocation', () => {
  let x: Xinshu
  let app: FastifyInstance
  let browser: Browser
  let base: string
  let work: string
  let csvPath: string
  /** The valid code of the row whose check digit the test breaks, to type back in. */
  let goodUscc: string
  let badUscc: string
  let batchId: string
  let taxCsvPath: string
  /** Demo enterprise 0: the `qiye` account's own subject. */
  const firm = demoSubject(DEMO_SEED, 0)
  /** The uploaded penalties' document numbers, and the legal representative's ID number they carry. */
  let penaltyNumbers: string[] = []
  let legalRepId: string
  let grantId: string
  let reportCode: string

  beforeAll(async () => {
    if (!existsSync(WEB_DIST_INDEX)) throw new Error('web/dist is not built: run `npm run build:web` first')
    if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM} (apt-get install chromium)`)
    work = mkdtempSync(join(tmpdir(), 'xinshu-e2e-'))

    x = await createXinshu({ dataKey: Buffer.alloc(16, 9) }, await openDatabase({}))
    await seedDemo(x, { subjects: 200 })
    app = await buildApp(x) // serves web/dist too
    await app.listen({ port: 0, host: '127.0.0.1' })
    base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`

    // Eight penalties of the demo enterprise 0 (texts from another seed's penalties), two of them broken.
    const item = x.catalog.current().get('administrative_penalty')!.item
    const rows: Array<Record<string, string | number | boolean | null>> = []
    for (const r of demoItemRows({ seed: 7, subjects: 2000, item })) {
      rows.push({ ...r, entity_name: firm.name, uscc: firm.uscc, legal_representative_name: firm.legalRepresentative, legal_representative_id_number: firm.legalRepresentativeIdNumber })
      if (rows.length === 8) break
    }
    penaltyNumbers = rows.map((r) => String(r.decision_document_number))
    expect(new Set(penaltyNumbers).size).toBe(8)
    legalRepId = firm.legalRepresentativeIdNumber
    goodUscc = firm.uscc
    const last = goodUscc.slice(-1)
    badUscc = goodUscc.slice(0, -1) + [...USCC_CHARSET].find((c) => c !== last)!
    rows[2]!.uscc = badUscc
    rows[5]!.decision_date = '2024-02-30'
    csvPath = join(work, '行政处罚-市场监管厅.csv')
    await writeItemFile({ path: csvPath, item, rows, format: 'csv', header: 'zh', encoding: 'gb18030' })

    // The tax office's figures for the same enterprise: restricted fields (近一年增值税实际缴税金额 150 万元).
    const tax = x.catalog.current().get('tax_payment')!.item
    taxCsvPath = join(work, '纳税信息-税务局.csv')
    await writeItemFile({
      path: taxCsvPath, item: tax, format: 'csv', header: 'zh', encoding: 'gb18030',
      rows: [{
        entity_name: firm.name, uscc: firm.uscc, vat_payable_last_12_months: '1620000.00', vat_paid_last_12_months: '1500000.00',
        cit_payable_last_12_months: '385000.00', cit_paid_last_12_months: '385000.00', consecutive_normal_payment_months: 36, last_normal_payment_date: '2026-06-15',
      }],
    })

    browser = await launchChromium()
  })

  afterAll(async () => {
    await browser?.close()
    await app?.close()
    await x?.close()
    if (work) rmSync(work, { recursive: true, force: true })
  })

  async function login(page: Page, username: string): Promise<void> {
    await page.goto(`${base}/login`)
    await page.getByLabel('用户名').fill(username)
    await page.getByLabel('密码').fill(DEMO_PASSWORD)
    await page.getByRole('button', { name: /登\s*录/ }).click()
    await page.waitForURL((u) => !u.pathname.startsWith('/login'))
  }

  async function logout(page: Page): Promise<void> {
    await page.getByRole('button', { name: '退出登录' }).click()
    const ok = page.getByRole('dialog').getByRole('button', { name: /确\s*定/ })
    await ok.waitFor()
    await page.waitForTimeout(300) // the confirmation's zoom-in: a click during it can be lost
    await ok.click()
    await page.waitForURL((u) => u.pathname === '/login')
  }

  const desktop = () => browser.newPage({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' })

  async function chooseOption(page: Page, label: string, option: string): Promise<void> {
    await page.getByLabel(label, { exact: true }).click()
    await page.locator(`.ant-select-dropdown:visible .ant-select-item-option[title="${option}"]`).click()
  }

  it('a provider uploads a GB18030 file and sees what was quarantined', async () => {
    const page = await desktop()
    onTestFailed(() => shot(page, 'failed-provider'))
    const errors = watchErrors(page)
    await page.goto(`${base}/ingest/upload`)
    // Not logged in: sent to the login page, and back to the upload screen afterwards.
    await page.waitForURL((u) => u.pathname === '/login' && u.searchParams.get('next') === '/ingest/upload')
    await page.getByText('请先登录；登录后将返回您刚才访问的页面。').waitFor()
    await shot(page, '01-login')
    await page.getByLabel('用户名').fill('scjg')
    await page.getByLabel('密码').fill(DEMO_PASSWORD)
    await page.getByRole('button', { name: /登\s*录/ }).click()
    await page.waitForURL((u) => u.pathname === '/ingest/upload')
    await page.getByText('自治区市场监管厅', { exact: true }).first().waitFor()

    await page.getByLabel('信息项', { exact: true }).click()
    await page.getByLabel('信息项', { exact: true }).fill('行政处罚')
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option[title="行政处罚信息"]').click()
    // The item's Excel template, Chinese name and all.
    const [template] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '下载该信息项模板' }).click()])
    expect(template.suggestedFilename()).toBe('行政处罚信息-报送模板.xlsx')
    await chooseOption(page, '文件编码', 'GB18030（GBK）')
    await page.locator('input[type="file"]').setInputFiles(csvPath)
    await page.getByText('行政处罚-市场监管厅.csv').waitFor()
    const start = page.getByRole('button', { name: /开始上传/ })
    await expect.poll(() => start.isEnabled()).toBe(true)
    await page.waitForTimeout(300) // the button's colour transition, for the screenshot
    await shot(page, '02-provider-upload-form')

    await start.click()
    const result = page.getByTestId('upload-result')
    await result.waitFor({ timeout: 60_000 })
    await expect(result.getByText('文件已处理完毕').isVisible()).resolves.toBe(true)
    const stat = async (title: string) => (await result.locator('.ant-statistic').filter({ hasText: title }).locator('.ant-statistic-content-value').innerText()).trim()
    expect(await stat('接收')).toBe('8')
    expect(await stat('入库')).toBe('6')
    expect(await stat('隔离')).toBe('2')
    await expect(result.getByText('GB18030').isVisible()).resolves.toBe(true)
    await shot(page, '03-provider-upload-result')

    const rejects = page.getByRole('link', { name: '查看 2 条隔离记录' })
    batchId = new URL(String(await rejects.getAttribute('href')), base).searchParams.get('batchId')!
    expect(batchId).toMatch(/^[0-9a-f-]{36}$/)

    // Its own rejects: the quarantine screen filtered by the batch, with the server's Chinese reasons.
    await rejects.click()
    await page.waitForURL((u) => u.pathname === '/ingest/quarantine' && u.searchParams.get('batchId') === batchId)
    await page.getByRole('heading', { name: '隔离记录' }).waitFor()
    await page.getByText('第18位校验码错误', { exact: false }).first().waitFor()
    await page.getByText('不存在的日期', { exact: false }).first().waitFor()
    expect(await page.locator('.ant-table-tbody tr.ant-table-row').count()).toBe(2)
    await shot(page, '04-provider-rejects')

    await page.getByRole('button', { name: '退出登录' }).click()
    await page.getByRole('button', { name: /确\s*定/ }).click()
    await page.waitForURL((u) => u.pathname === '/login')
    expect(errors).toEqual([])
    await page.close()
  })

  it('the operator corrects a quarantined record and it is stored', async () => {
    expect(batchId).toBeTruthy()
    const page = await desktop()
    onTestFailed(() => shot(page, 'failed-operator'))
    const errors = watchErrors(page)
    await login(page, 'admin')
    expect(new URL(page.url()).pathname).toBe('/catalog')
    await page.getByRole('menuitem', { name: '隔离区' }).click()
    await page.waitForURL((u) => u.pathname === '/ingest/quarantine')
    await page.getByRole('heading', { name: '隔离区' }).waitFor()

    await page.getByLabel('批次号').fill(batchId)
    await page.getByRole('button', { name: /查\s*询/ }).click()
    await page.waitForURL((u) => u.searchParams.get('batchId') === batchId)
    await page.getByText('第18位校验码错误', { exact: false }).first().waitFor()
    expect(await page.locator('.ant-table-tbody tr.ant-table-row').count()).toBe(2)
    await shot(page, '05-operator-quarantine-by-batch')

    // Export the batch's rejects to Excel, to send back to the provider.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /导出 Excel/ }).click()])
    expect(download.suggestedFilename()).toBe('隔离记录.xlsx')

    await page.locator('.ant-table-tbody tr.ant-table-row').filter({ hasText: '校验码' }).getByRole('button', { name: /处理/ }).click()
    const drawer = page.getByRole('dialog')
    await drawer.getByText('未通过校验的原因').waitFor()
    const usccInput = drawer.getByLabel('统一社会信用代码', { exact: true })
    // As delivered (an all-digit code would be shown masked, like an ID number: the end is kept either way).
    expect(await usccInput.inputValue()).toMatch(new RegExp(`${badUscc.slice(-4)}$`))
    await shot(page, '06-operator-record')

    // Still wrong: the server says why, in Chinese, on the field and above the form.
    await usccInput.fill('91640100MA76A1B2X')
    await drawer.getByRole('button', { name: /重新提交/ }).click()
    await drawer.getByText('仍未通过校验，请按提示修正').waitFor()
    await drawer.locator('[data-testid="issue-list"]').getByText('统一社会信用代码(uscc)', { exact: false }).first().waitFor()
    await page.waitForTimeout(800) // scrolled to the field still wrong
    await shot(page, '07-operator-resubmit-rejected')

    await usccInput.fill(goodUscc)
    await drawer.getByRole('button', { name: /重新提交/ }).click()
    await page.getByText('已通过校验并入库', { exact: false }).first().waitFor()
    await drawer.getByText('已重新提交').first().waitFor()
    await shot(page, '08-operator-resubmit-stored')

    // The server agrees: the record left the quarantine and was stored in a batch of its own.
    const open = await x.ingest.listQuarantine({ batchId, limit: 10, offset: 0 })
    expect(open.total).toBe(1)
    const fixed = await x.ingest.listQuarantine({ batchId, status: 'resubmitted', limit: 10, offset: 0 })
    expect(fixed.total).toBe(1)
    const stored = await x.ingest.getBatch(fixed.rows[0]!.resolved_batch_id!)
    expect(stored).toMatchObject({ status: 'completed', stored: 1, quarantined: 0, provider: '自治区市场监管厅' })

    await page.keyboard.press('Escape')
    await page.waitForURL((u) => !u.searchParams.has('open'))
    await page.waitForFunction(() => document.querySelectorAll('.ant-table-tbody tr.ant-table-row').length === 1)
    await shot(page, '09-operator-quarantine-after')

    // The other record is discarded, with a reason the operator must give.
    await page.locator('.ant-table-tbody tr.ant-table-row').filter({ hasText: '不存在的日期' }).getByRole('button', { name: /处理/ }).click()
    await drawer.getByRole('button', { name: /作\s*废/ }).click()
    const confirm = page.getByRole('dialog').filter({ hasText: '作废隔离记录' })
    await confirm.getByLabel('作废理由').fill('重复报送，原始文书已撤销')
    await shot(page, '10-operator-discard')
    await confirm.getByRole('button', { name: /作\s*废/ }).click()
    await page.getByText('已作废', { exact: true }).first().waitFor()
    await drawer.getByText('该记录已处理（已作废），不能再修改。').waitFor()
    await page.keyboard.press('Escape')
    await page.waitForFunction(() => document.querySelectorAll('.ant-table-tbody tr.ant-table-row').length === 0)
    expect((await x.ingest.listQuarantine({ batchId, status: 'discarded', limit: 10, offset: 0 })).total).toBe(1)
    expect(errors).toEqual([])
    await page.close()
  })

  it('the tax office uploads the enterprise\'s tax figures', async () => {
    const page = await desktop()
    onTestFailed(() => shot(page, 'failed-tax'))
    const errors = watchErrors(page)
    await login(page, 'shuiwu')
    await page.waitForURL((u) => u.pathname === '/ingest/upload')
    await page.getByLabel('信息项', { exact: true }).click()
    await page.getByLabel('信息项', { exact: true }).fill('纳税')
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option[title="纳税信息"]').click()
    await chooseOption(page, '文件编码', 'GB18030（GBK）')
    await page.locator('input[type="file"]').setInputFiles(taxCsvPath)
    await page.getByText('纳税信息-税务局.csv').waitFor()
    await page.getByRole('button', { name: /开始上传/ }).click()
    const result = page.getByTestId('upload-result')
    await result.waitFor({ timeout: 60_000 })
    const stat = async (title: string) => (await result.locator('.ant-statistic').filter({ hasText: title }).locator('.ant-statistic-content-value').innerText()).trim()
    expect(await stat('入库')).toBe('1')
    await shot(page, '11-tax-upload')
    await logout(page)
    expect(errors).toEqual([])
    await page.close()
  })

  it('the enterprise sees its new records with their sources, and grants the bank 查看数据 on 纳税信息', async () => {
    const page = await desktop()
    onTestFailed(() => shot(page, 'failed-enterprise-grant'))
    const errors = watchErrors(page)
    await login(page, 'qiye')
    // Its home: 我的信用档案 (free self-query).
    expect(new URL(page.url()).pathname).toBe('/access/profile')
    await page.getByRole('heading', { name: '我的信用档案' }).waitFor()
    const subject = page.getByTestId('profile-subject')
    await subject.getByText(firm.name).waitFor()
    await subject.getByText('本企业自查').waitFor()
    await shot(page, '12-enterprise-profile')

    // The penalties just uploaded (and the one the operator corrected), with their source and time of receipt.
    const penalties = page.getByTestId('profile-item-administrative_penalty')
    await penalties.scrollIntoViewIfNeeded()
    const more = penalties.getByRole('button', { name: /展开其余/ })
    if (await more.count()) await more.click()
    for (const no of [penaltyNumbers[0]!, penaltyNumbers[2]!, penaltyNumbers[7]!]) await penalties.getByText(no, { exact: true }).waitFor()
    expect(await penalties.getByText(penaltyNumbers[5]!, { exact: true }).count()).toBe(0) // discarded
    await penalties.getByText(/来源：自治区市场监管厅 · 文件报送/).first().waitFor()
    // Its own data: the legal representative's ID number whole, in monospace.
    await penalties.locator('.code-text', { hasText: legalRepId }).first().waitFor()
    // The tax figures: restricted fields, shown to the enterprise itself, with the correction history.
    const tax = page.getByTestId('profile-item-tax_payment')
    await tax.getByText('近一年增值税实际缴税金额').waitFor()
    await tax.getByText('150.00 万元').waitFor()
    await tax.getByText(/来源：宁夏税务局/).waitFor()
    await tax.getByText(/此前有 1 个版本/).waitFor()
    await tax.scrollIntoViewIfNeeded()
    await shot(page, '13-enterprise-profile-new-records')

    // 授权管理 → 新增授权: the bank, the whole 纳税信息 category, 查看数据 (includes 是/否 verification), one year.
    await page.getByRole('menuitem', { name: '授权管理' }).click()
    await page.waitForURL((u) => u.pathname === '/access/grants')
    await page.getByRole('link', { name: /新增授权/ }).click()
    await page.waitForURL((u) => u.pathname === '/access/grants/new')
    await page.getByLabel('接入机构', { exact: true }).click()
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option[title="宁夏银行股份有限公司"]').click()
    await page.getByLabel('授权范围', { exact: true }).click()
    await page.getByLabel('授权范围', { exact: true }).fill('纳税')
    await page.locator('.ant-select-dropdown:visible .ant-select-tree-treenode').filter({ hasText: '3. 纳税信息' }).locator('.ant-select-tree-checkbox').click()
    await page.keyboard.press('Escape')
    expect(await page.getByLabel('查看数据').isChecked()).toBe(true)
    await page.getByLabel('有效期至', { exact: true }).click()
    await page.locator('.ant-picker-dropdown:visible .ant-picker-presets li', { hasText: '1 年' }).click()
    await page.getByTestId('consent-statement').getByText(/宁夏银行股份有限公司以“查看数据”方式使用本企业的以下公共信用信息：纳税信息（整类）/).waitFor()
    // Without the consent ticked, the form says what is missing.
    await page.getByRole('button', { name: '确认授权' }).click()
    await page.getByText('请确认同意授权声明').waitFor()
    await page.getByLabel('本企业已阅读授权声明，同意按所选范围、方式和期限授权').check()
    await page.getByText('请确认同意授权声明').waitFor({ state: 'detached' })
    await page.waitForTimeout(300)
    await shot(page, '14-enterprise-grant-form')
    await page.getByRole('button', { name: '确认授权' }).click()
    await page.waitForURL((u) => u.pathname === '/access/grants' && u.searchParams.has('open'))
    grantId = new URL(page.url()).searchParams.get('open')!
    const drawer = page.getByRole('dialog')
    await drawer.getByText('授权凭证').waitFor()
    await drawer.getByText('网页确认').waitFor()
    await page.waitForTimeout(400)
    await shot(page, '15-enterprise-grant-created')
    await page.keyboard.press('Escape')
    const row = page.locator('.ant-table-tbody tr.ant-table-row').filter({ hasText: '宁夏银行股份有限公司' })
    await row.getByText('有效').waitFor()
    await row.getByText('纳税信息（整类）').waitFor()
    const g = await x.grants.between('宁夏银行股份有限公司', firm.uscc)
    expect(g.map((x) => [x.id, x.status, x.mode, x.categories])).toEqual([[grantId, 'active', 'view', ['taxation']]])
    await logout(page)
    expect(errors).toEqual([])
    await page.close()
  })

  it('the bank sees the restricted fields under the grant and runs a verification answered 是/否 only', async () => {
    const page = await desktop()
    onTestFailed(() => shot(page, 'failed-bank'))
    const errors = watchErrors(page, { allow: [400] }) // the expression the server rejects
    await login(page, 'bank')
    expect(new URL(page.url()).pathname).toBe('/access/enterprises')
    // The new grant arrived as a notification, the newest of those unread (the demo's applications left some too).
    const bank = (await x.access.login('bank', DEMO_PASSWORD)).principal
    const unread = await x.grants.notifications(bank, { unread: true, limit: 200 })
    expect(JSON.stringify(unread[0])).toContain(firm.uscc)
    await page.getByRole('button', { name: `通知（${unread.length} 条未读）` }).waitFor()
    // 企业查询: the bank finds the enterprise by its name (enterprises only); those that granted it are listed too.
    await page.getByLabel('企业名称或代码').fill(firm.name)
    await page.getByLabel('企业名称或代码').press('Enter')
    await page.getByRole('link', { name: firm.name }).first().waitFor()
    await page.getByRole('link', { name: firm.uscc }).waitFor()
    await shot(page, '16a-bank-lookup')
    await page.getByRole('menuitem', { name: '我的授权' }).click()
    await page.waitForURL((u) => u.pathname === '/access/grants')
    const row = page.locator('.ant-table-tbody tr.ant-table-row').filter({ hasText: firm.uscc })
    await row.getByText('有效').waitFor()
    await shot(page, '16-bank-grants')

    // Its profile under the grant: 纳税信息's restricted fields are shown; other restricted fields stay withheld.
    await row.getByRole('link', { name: /查看档案/ }).click()
    await page.waitForURL((u) => u.pathname === `/access/enterprises/${firm.uscc}` && u.searchParams.get('grant') === grantId)
    const subject = page.getByTestId('profile-subject')
    await subject.getByText('接入机构 · 按授权').waitFor()
    const tax = page.getByTestId('profile-item-tax_payment')
    await tax.getByText('150.00 万元').waitFor()
    expect(await tax.getByText('需企业授权').count()).toBe(0)
    // Outside the grant: 企业年报's restricted figures are 需企业授权, with a way to ask.
    const annual = page.getByTestId('profile-item-annual_report')
    await annual.getByText('需企业授权').first().waitFor()
    await annual.getByRole('button', { name: '申请授权' }).waitFor()
    // The legal representative's ID number: masked, in monospace, never whole.
    const penalties = page.getByTestId('profile-item-administrative_penalty')
    await penalties.locator('.code-text', { hasText: `${legalRepId.slice(0, 6)}********${legalRepId.slice(14)}` }).first().waitFor()
    expect(await page.getByText(legalRepId).count()).toBe(0)
    await tax.scrollIntoViewIfNeeded()
    await shot(page, '17-bank-profile-restricted')

    // 信用核验: presets plus a free expression; only 是/否 and as-of dates come back.
    await page.getByRole('link', { name: /信用核验/ }).first().click()
    await page.waitForURL((u) => u.pathname === '/access/verify')
    expect(await page.getByLabel('企业统一社会信用代码').inputValue()).toBe(firm.uscc)
    await page.getByLabel('近一年增值税实际缴税金额 ≥ 100万元').check()
    await page.getByLabel('未列入失信被执行人名单').check()
    await page.getByRole('button', { name: /添加表达式/ }).click()
    await page.getByLabel('表达式 1', { exact: true }).fill('tax_payment.cit_paid_last_12_months >= 50万')
    // A mistake is caught before anything is read, in the server's words.
    await page.getByRole('button', { name: /添加表达式/ }).click()
    await page.getByLabel('表达式 2', { exact: true }).fill('tax_payment.no_such_field > 1')
    await page.getByRole('button', { name: /检查表达式/ }).click()
    await page.getByTestId('verify-error').getByText('没有字段“no_such_field”', { exact: false }).waitFor()
    await page.getByRole('button', { name: '删除表达式 2' }).click()
    await page.getByRole('button', { name: /开始核验/ }).click()
    const result = page.getByTestId('verify-result')
    await result.locator('.ant-table-row').first().waitFor()
    const answer = (label: string) => result.locator('.ant-table-row').filter({ hasText: label }).locator('.answer-tag')
    expect(await answer('近一年增值税实际缴税金额').innerText()).toBe('是')
    expect(await answer('cit_paid_last_12_months >= 50万').innerText()).toBe('否')
    expect(['是', '否']).toContain(await answer('未列入失信被执行人名单').innerText())
    await result.getByText(/纳税信息 \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}/).first().waitFor()
    // Never a value: not the 150 万 behind the yes.
    expect(await result.innerText()).not.toMatch(/150|1500000|385000/)
    await shot(page, '18-bank-verify')
    await logout(page)
    expect(errors).toEqual([])
    await page.close()
  })

  it('the enterprise sees the bank\'s accesses, issues its report, and revokes the grant', async () => {
    const page = await desktop()
    onTestFailed(() => shot(page, 'failed-enterprise-revoke'))
    const errors = watchErrors(page)
    await login(page, 'qiye')
    await page.getByRole('menuitem', { name: '查询记录' }).click()
    await page.waitForURL((u) => u.pathname === '/access/audit')
    const bankRows = page.locator('.ant-table-tbody tr.ant-table-row').filter({ hasText: '宁夏银行股份有限公司' })
    const read = bankRows.filter({ hasText: '查看档案' }).filter({ hasText: /纳税信息：.*近一年增值税实际缴税金额/ })
    await read.first().waitFor()
    expect(await read.first().getByRole('link', { name: grantId.slice(0, 8) }).count()).toBe(1)
    await read.first().getByText('融资').waitFor()
    const verified = bankRows.filter({ hasText: '信用核验' })
    await verified.first().waitFor()
    // The questions the bank asked, and the answers it got, in the entry's details.
    await verified.first().locator('.ant-table-row-expand-icon').click()
    await page.getByText('核验问题与结果').waitFor()
    await page.locator('.ant-table-expanded-row').getByText('tax_payment.vat_paid_last_12_months >= 100万').waitFor()
    await shot(page, '19-enterprise-audit')

    // 信用报告: issue, download the PDF, read the code.
    await page.getByRole('menuitem', { name: '信用报告' }).click()
    await page.getByRole('button', { name: /生成本企业信用报告/ }).click()
    const card = page.getByTestId('report-card')
    await card.waitFor({ timeout: 30_000 })
    reportCode = (await card.getByTestId('verification-code').innerText()).replace(/\s+/g, '')
    expect(reportCode).toMatch(/^[0-9a-f]{64}$/)
    const [pdf] = await Promise.all([page.waitForEvent('download'), card.getByRole('button', { name: /下载 PDF/ }).click()])
    expect(pdf.suggestedFilename()).toMatch(/^公共信用信息报告-NXXY\d{8}[0-9A-F]{10}\.pdf$/)
    await shot(page, '20-enterprise-report')

    // 授权管理: revoke, after a confirmation that says what it does.
    await page.getByRole('menuitem', { name: '授权管理' }).click()
    const row = page.locator('.ant-table-tbody tr.ant-table-row').filter({ hasText: '宁夏银行股份有限公司' })
    await row.getByRole('button', { name: /撤销/ }).click()
    const confirm = page.getByRole('dialog').filter({ hasText: '撤销授权' })
    await confirm.getByText(/将立即不能再使用此授权/).waitFor()
    await confirm.getByLabel('撤销理由').fill('贷款已结清')
    await shot(page, '21-enterprise-revoke-confirm')
    await confirm.getByRole('button', { name: /确认撤销/ }).click()
    await page.getByText('已撤销授权，接入机构此后的查询将被拒绝').waitFor()
    await row.getByText('已撤销').first().waitFor()
    await row.getByText(/已于 \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} 撤销（qiye）/).waitFor()
    await shot(page, '22-enterprise-revoked')
    expect((await x.grants.between('宁夏银行股份有限公司', firm.uscc))[0]?.status).toBe('revoked')
    await logout(page)
    expect(errors).toEqual([])
    await page.close()
  })

  it('the bank\'s next query under the grant and its next verification are refused, and it sees the revocation', async () => {
    const page = await desktop()
    onTestFailed(() => shot(page, 'failed-bank-refused'))
    const errors = watchErrors(page, { allow: [403] })
    await login(page, 'bank')
    // The same profile link as before, under the revoked grant: refused at once, in the server's words.
    await page.goto(`${base}/access/enterprises/${firm.uscc}?grant=${grantId}`)
    const refusal = page.getByRole('alert').filter({ hasText: '查询被拒绝' })
    await refusal.getByText(/授权已于 \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} 被企业撤销，查询被拒绝/).waitFor()
    expect(await page.getByTestId('profile-subject').count()).toBe(0)
    await shot(page, '23-bank-profile-refused')
    // Without naming the grant: public fields only, the restricted ones withheld, and the revocation stated.
    await page.getByLabel('查询依据').click()
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option[title="全部有效授权"]').click()
    await page.waitForURL((u) => !u.searchParams.has('grant'))
    await page.getByTestId('ended-grants').getByText(/“查看数据”授权已于 .* 被企业撤销/).waitFor()
    await page.getByTestId('profile-item-tax_payment').getByText('需企业授权').first().waitFor()
    expect(await page.getByText('150.00 万元').count()).toBe(0)

    // A verification that needs the revoked grant.
    await page.goto(`${base}/access/verify?code=${firm.uscc}`)
    await page.getByLabel('近一年增值税实际缴税金额 ≥ 100万元').check()
    await page.getByRole('button', { name: /开始核验/ }).click()
    await page.getByTestId('verify-error').getByText(/授权已于 \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} 被企业撤销，查询被拒绝/).waitFor()
    await shot(page, '24-bank-verify-refused')

    // 我的授权: the grant marked 已撤销 with its time, and the unread notice of the revocation.
    await page.getByRole('menuitem', { name: '我的授权' }).click()
    await page.getByTestId('unread-notices').getByText('授权撤销').waitFor()
    const row = page.locator('.ant-table-tbody tr.ant-table-row').filter({ hasText: firm.uscc })
    await row.getByText(/已于 \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} 撤销/).waitFor()
    await shot(page, '25-bank-grants-revoked')
    const body = await page.locator('body').innerText()
    expect(body).not.toMatch(/\[object Object\]|at [A-Za-z]+ \(|TypeError|Error:/)
    await logout(page)
    expect(errors).toEqual([])
    await page.close()
  })

  it('the operator sees the audit log intact and every grant', async () => {
    const page = await desktop()
    onTestFailed(() => shot(page, 'failed-operator-audit'))
    const errors = watchErrors(page)
    await login(page, 'admin')
    await page.getByRole('menuitem', { name: '审计日志' }).click()
    await page.getByTestId('chain-status').getByText(/审计日志完整：已校验 \d+ 条记录/).waitFor()
    await page.getByLabel('操作单位').fill('宁夏银行股份有限公司')
    await page.getByRole('button', { name: /查\s*询/ }).click()
    await page.waitForURL((u) => u.searchParams.get('organization') === '宁夏银行股份有限公司')
    await page.locator('.ant-table-tbody tr.ant-table-row').filter({ hasText: '信用核验' }).first().waitFor()
    expect(await page.locator('.ant-table-tbody tr.ant-table-row').filter({ hasNotText: '宁夏银行股份有限公司' }).count()).toBe(0)
    await shot(page, '26-operator-audit')
    await page.getByRole('menuitem', { name: '授权总览' }).click()
    await page.locator('.ant-table-tbody tr.ant-table-row').filter({ hasText: firm.uscc }).getByText('已撤销').first().waitFor()
    await shot(page, '27-operator-grants')
    await logout(page)
    expect(errors).toEqual([])
    await page.close()
  })

  it('anyone checks the report\'s code without logging in, from the login page', async () => {
    expect(reportCode).toBeTruthy()
    const page = await desktop()
    onTestFailed(() => shot(page, 'failed-report-check'))
    const errors = watchErrors(page, { allow: [404] })
    await page.goto(`${base}/login`)
    await page.getByRole('link', { name: /报告核验（无需登录）/ }).click()
    await page.waitForURL((u) => u.pathname === '/report-check')
    // A made-up code: the server's Chinese answer.
    await page.getByLabel('报告验证码').fill('0000 1111')
    await page.getByRole('button', { name: /核\s*验/ }).click()
    await page.getByTestId('report-check-result').getByText('未找到验证码或编号为', { exact: false }).waitFor()
    // The real one, typed in groups as printed.
    await page.getByLabel('报告验证码').fill(reportCode.replace(/(.{8})/g, '$1 ').toUpperCase())
    await page.getByRole('button', { name: /核\s*验/ }).click()
    const result = page.getByTestId('report-check-result')
    await result.getByText('报告真实有效').waitFor()
    await result.getByText(firm.name).waitFor()
    await shot(page, '28-public-report-check')
    expect(errors).toEqual([])
    await page.close()
  })

  it('works on a phone: login, the menu behind its toggle, and the enterprise\'s profile', async () => {
    const ctx = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' })
    const page = await ctx.newPage()
    onTestFailed(() => shot(page, 'failed-phone'))
    const errors = watchErrors(page)
    await page.goto(`${base}/login`)
    await page.getByRole('button', { name: /登\s*录/ }).waitFor()
    expect(await page.getByLabel('用户名').isVisible()).toBe(true)
    await shot(page, '29-phone-login')
    await login(page, 'admin')
    const toggle = page.getByRole('button', { name: '展开菜单' })
    await toggle.waitFor()
    // The side menu is folded away on a phone: only the toggle shows it.
    expect(await page.getByRole('menuitem', { name: '隔离区' }).isVisible()).toBe(false)
    await page.getByRole('link', { name: '营业执照信息' }).waitFor()
    await shot(page, '30-phone-catalog')
    await toggle.click()
    await page.getByRole('menuitem', { name: '隔离区' }).waitFor()
    await page.waitForTimeout(500) // the drawer's slide-in
    await shot(page, '31-phone-menu')
    await page.getByRole('menuitem', { name: '数据质量' }).click()
    await page.waitForURL((u) => u.pathname === '/quality')
    await page.getByRole('heading', { name: '数据质量' }).waitFor()
    await page.locator('.ant-statistic').first().waitFor()
    await shot(page, '32-phone-quality')
    await logout(page)

    // The enterprise's profile on a phone: one column, nothing cut off sideways.
    await login(page, 'qiye')
    await page.getByTestId('profile-subject').getByText(firm.name).waitFor()
    await page.getByTestId('profile-item-tax_payment').getByText('150.00 万元').waitFor()
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
    await shot(page, '33-phone-enterprise-profile')
    await page.getByTestId('profile-item-tax_payment').scrollIntoViewIfNeeded()
    await shot(page, '34-phone-enterprise-tax')
    expect(errors).toEqual([])
    await ctx.close()
  })
})
