import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { AddressInfo } from 'node:net'
import type { FastifyInstance } from 'fastify'
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest'
import { createXinshu, type Xinshu } from '../../src/app/xinshu.js'
import { DEMO_PASSWORD, DEMO_SEED, seedDemo } from '../../src/app/demo-seed.js'
import { openDatabase } from '../../src/core/db/open-database.js'
import { demoRecordStream, demoSubject } from '../../src/demo/index.js'
import type { Principal } from '../../src/access/index.js'
import { buildApp } from '../../src/http/app.js'
import { beijingDate } from '../../src/core/working-days.js'
import type { FinancingStats } from '../../src/stats/index.js'
import { CHROMIUM, launchChromium, shot, watchErrors, WEB_DIST_INDEX } from './browser.js'

/**
 * 信易贷 through the web app, one browser context per person:
 *  1. an enterprise registers itself on the public page; the operator approves the registration;
 *  2. the enterprise publishes a need, sees the bank's product matched with its reasons rule by rule, and applies,
 *     granting the bank in the same step (the grant shows in its 授权管理);
 *  3. the bank accepts, approves and lends (contract no., amount, rate, dates), reports a repayment, the loan's
 *     overdue and its default, each form showing the step's deadline in working days;
 *  4. the bank files a risk-compensation claim with evidence hashed in the browser; the operator approves and pays
 *     it, and the fund's balances on 风险补偿资金池 move by the amount;
 *  5. the supervisor's 融资统计 counts the loan, its amount and its default;
 *  6. phone width: the enterprise's 融资服务 screens fit the screen.
 */
const ready = !!process.env.XINSHU_E2E
describe.skipIf(!ready)('信易贷 web app: registration → need → matches → application with grant → loan → default → compensation', () => {
  const BANK = '宁夏银行股份有限公司'
  const FUND = '宁夏信用贷款风险补偿资金池（测试）'
  const PASSWORD = 'Qiye2026pass'
  const CONTRACT_NO = 'NXB-XYD-2026-0001'
  let x: Xinshu
  let app: FastifyInstance
  let browser: Browser
  let base: string
  let work: string
  let evidencePaths: string[]
  /** A demo enterprise with a licence, in business two years or more, with no 失信被执行人 record. */
  let firm: ReturnType<typeof demoSubject>
  let productId: string
  let fundId: string
  let needId: string
  let loanId: string
  let claimAmount: string
  /** The platform's loan statistics before the story's loan (the demo set may have loans of its own). */
  let statsBefore: FinancingStats['total']
  const people = new Map<string, BrowserContext>()

  const operator: Principal = { accountId: 'e2e-setup', username: 'admin', displayName: '信用服务中心', role: 'operator', organization: '自治区社会信用服务中心', via: 'session', scopes: [] }
  const bank: Principal = { accountId: 'e2e-setup', username: 'bank', displayName: '宁夏银行 信贷员', role: 'institution', organization: BANK, via: 'session', scopes: [] }

  beforeAll(async () => {
    if (!existsSync(WEB_DIST_INDEX)) throw new Error('web/dist is not built: run `npm run build:web` first')
    if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM} (apt-get install chromium)`)
    work = mkdtempSync(join(tmpdir(), 'xinshu-e2e-financing-'))
    const SUBJECTS = 60
    x = await createXinshu({ dataKey: Buffer.alloc(16, 7) }, await openDatabase({}))
    await seedDemo(x, { subjects: SUBJECTS })
    statsBefore = (await x.stats.financing(operator, {})).total

    // The registrant: not the `qiye` demo account's subject (0), an enterprise whose licence arrived intact (the demo
    // breaks every 200th record of an item) and which is not a 失信被执行人, so the product's rules all pass.
    const catalog = x.catalog.current().document
    const licensed = new Set<number>()
    let position = 0
    for (const r of demoRecordStream({ seed: DEMO_SEED, subjects: SUBJECTS, catalog, items: ['business_license'] })) if (++position % 200 !== 0) licensed.add(r.subjectIndex)
    const debtors = new Set([...demoRecordStream({ seed: DEMO_SEED, subjects: SUBJECTS, catalog, items: ['dishonest_judgment_debtor'] })].map((r) => r.subjectIndex))
    const today = beijingDate(new Date())
    const twoYearsAgo = `${Number(today.slice(0, 4)) - 2}${today.slice(4)}`
    const index = Array.from({ length: SUBJECTS - 1 }, (_, i) => i + 1)
      .find((i) => licensed.has(i) && !debtors.has(i) && demoSubject(DEMO_SEED, i).entityKind === 'enterprise' && demoSubject(DEMO_SEED, i).establishmentDate <= twoYearsAgo)
    expect(index, 'a demo enterprise fit for the story').toBeDefined()
    firm = demoSubject(DEMO_SEED, index!)

    // The bank's product on the shelf (its writing and review have their own tests and screens).
    const draft = await x.products.create(bank, {
      type: 'credit', name: '塞上信易贷', description: '面向守信中小微企业的纯信用贷款，随借随还。',
      amountMinFen: 10_000_000, amountMaxFen: 300_000_000, termMinMonths: 6, termMaxMonths: 36, rateMinBp: 345, rateMaxBp: 600,
      repaymentWays: ['equal_installment', 'interest_first'], regions: ['640000'], guaranteeRequired: false,
      rules: [
        { kind: 'years_since', item: 'business_license', field: 'establishment_date', op: 'gte', years: 2 },
        { kind: 'no_record', item: 'dishonest_judgment_debtor' },
      ],
    })
    await x.products.submit(bank, draft.id)
    await x.products.review(operator, draft.id, 1, { approve: true })
    productId = draft.id

    // The treasury's fund: 500 万元 in the pool, credit loans in Ningxia, fund 40 % of the unrecovered principal.
    const year = Number(today.slice(0, 4))
    const fund = await x.compensation.createFund(operator, {
      name: FUND, owner: '自治区财政厅', regions: ['640000'], year, ruleBasis: 'loan_start',
      rules: {
        effectiveFrom: `${year}-01-01`,
        qualifying: { productTypes: ['credit', 'tax'], creditLoansOnly: true, divisionPrefixes: ['64'], maxPrincipalFen: 500_000_000 },
        shares: { fundPerMille: 400, lenderPerMille: 200, guarantorPerMille: 400 }, withoutGuarantor: 'lender',
        caps: { perLoanFen: 100_000_000, perInstitutionPerYearFen: 300_000_000, perFundPerYearFen: 1_000_000_000 }, lossRatioCeilingBp: 5000,
      },
    })
    await x.compensation.contribute(operator, fund.id, { amountFen: 500_000_000, reference: '宁财金〔2026〕1号', idempotencyKey: 'e2e-financing-1' })
    fundId = fund.id

    // The bank's evidence: files that stay with it; the claim carries their SHA-256.
    evidencePaths = [join(work, '借款合同.pdf'), join(work, '催收记录.pdf')]
    writeFileSync(evidencePaths[0]!, '%PDF-1.4 借款合同 NXB-XYD-2026-0001\n')
    writeFileSync(evidencePaths[1]!, '%PDF-1.4 催收记录\n')

    app = await buildApp(x)
    await app.listen({ port: 0, host: '127.0.0.1' })
    base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`
    browser = await launchChromium()
  })

  afterAll(async () => {
    for (const c of people.values()) await c.close()
    await browser?.close()
    await app?.close()
    await x?.close()
    if (work) rmSync(work, { recursive: true, force: true })
  })

  /** The one page of a person's own browser context (cookies and all), opened on first use. */
  async function pageOf(person: string, phone = false): Promise<Page> {
    let ctx = people.get(person)
    if (!ctx) {
      ctx = await browser.newContext(phone
        ? { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' }
        : { viewport: { width: 1280, height: 800 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' })
      people.set(person, ctx)
    }
    return ctx.pages()[0] ?? ctx.newPage()
  }

  async function login(page: Page, username: string, password = DEMO_PASSWORD): Promise<void> {
    await page.goto(`${base}/login`)
    await page.getByLabel('用户名').fill(username)
    await page.getByLabel('密码').fill(password)
    await page.getByRole('button', { name: /登\s*录/ }).click()
    await page.waitForURL((u) => !u.pathname.startsWith('/login'))
  }

  async function chooseOption(page: Page, label: string, option: string): Promise<void> {
    await page.getByLabel(label, { exact: true }).click()
    await page.locator(`.ant-select-dropdown:visible .ant-select-item-option[title="${option}"]`).click()
  }

  const rowOf = (page: Page, text: string) => page.locator('.ant-table-tbody tr.ant-table-row').filter({ hasText: text })
  const toast = (page: Page, text: string | RegExp) => page.locator('.ant-message, .ant-notification').getByText(text).first()
  /** Presses a dialog's 确定 once its zoom-in is over: a click during the animation can be lost. */
  async function confirmIn(dialog: Locator, name: RegExp = /^确\s*定$/): Promise<void> {
    await dialog.page().waitForTimeout(300)
    await dialog.getByRole('button', { name }).click()
  }

  it('the operator sees the fund\'s balances before any claim', async () => {
    const page = await pageOf('admin')
    onTestFailed(() => shot(page, 'failed-fin-operator-funds'))
    const errors = watchErrors(page)
    await login(page, 'admin')
    await page.getByRole('menuitem', { name: '风险补偿资金池' }).click()
    await page.waitForURL((u) => u.pathname === '/compensation/funds')
    const row = rowOf(page, FUND)
    await row.getByText('5,000,000.00 元').first().waitFor()
    await page.waitForTimeout(400)
    await shot(page, 'f01-operator-fund-before')
    expect(errors).toEqual([])
  })

  it('an enterprise registers itself on the public page and waits for the review', async () => {
    const page = await pageOf('registrant')
    onTestFailed(() => shot(page, 'failed-fin-register'))
    const errors = watchErrors(page)
    await page.goto(`${base}/login`)
    await page.getByRole('link', { name: /企业自助注册/ }).click()
    await page.waitForURL((u) => u.pathname === '/register')
    await page.getByLabel('统一社会信用代码').fill(firm.uscc)
    await page.getByLabel('企业名称').fill(firm.name)
    await page.getByLabel('法定代表人姓名').fill(firm.legalRepresentative)
    await page.getByLabel('法定代表人身份证号码').fill(firm.legalRepresentativeIdNumber)
    await page.getByLabel('联系人姓名').fill('马晓燕')
    await page.getByLabel('手机号码').fill('13909510001')
    await page.getByLabel('登录名').fill('xinqiye')
    await page.getByLabel('密码', { exact: true }).fill(PASSWORD)
    await page.getByLabel('确认密码').fill(PASSWORD)
    await page.getByLabel(/我已阅读并同意/).check()
    await shot(page, 'f02-register-form')
    await page.getByRole('button', { name: '提交注册' }).click()
    await page.getByText('注册已提交').waitFor()
    await page.getByText('请等待信用服务中心审核').waitFor()
    await shot(page, 'f03-register-submitted')

    // Logged in while pending: its registration's status, nothing else.
    await login(page, 'xinqiye', PASSWORD)
    await page.waitForURL((u) => u.pathname === '/account/registration')
    await page.getByText('待审核').first().waitFor()
    // The ID number is never shown whole again.
    expect(await page.getByText(firm.legalRepresentativeIdNumber).count()).toBe(0)
    await shot(page, 'f04-register-pending')
    expect(errors).toEqual([])
  })

  it('the operator approves the registration and the account is tied to the enterprise', async () => {
    const page = await pageOf('admin')
    onTestFailed(() => shot(page, 'failed-fin-approve'))
    const errors = watchErrors(page)
    await page.getByRole('menuitem', { name: '注册审核' }).click()
    await page.waitForURL((u) => u.pathname === '/admin/registrations')
    const row = rowOf(page, firm.name)
    await row.getByText(firm.uscc).waitFor()
    await shot(page, 'f05-operator-registrations')
    await row.getByRole('button', { name: /^通\s*过$/ }).click()
    const confirm = page.getByRole('dialog').filter({ hasText: 'xinqiye' })
    await confirmIn(confirm, /^通\s*过$/)
    await row.waitFor({ state: 'detached' }) // it left the queue of pending registrations
    const actor = { accountId: null, username: 'admin', role: 'operator', organization: '自治区社会信用服务中心' }
    const r = (await x.registrations.list(actor, { q: firm.uscc, limit: 10, offset: 0 })).rows
    expect(r.map((v) => [v.username, v.status])).toEqual([['xinqiye', 'approved']])
    expect(errors).toEqual([])
  })

  it('the enterprise publishes a need and sees the bank\'s product matched with its reasons rule by rule', async () => {
    const page = await pageOf('registrant')
    onTestFailed(() => shot(page, 'failed-fin-need'))
    const errors = watchErrors(page)
    await page.getByRole('button', { name: '刷新状态' }).click()
    await page.getByText('注册已通过，账号已关联本企业。').waitFor()
    await shot(page, 'f05b-register-approved')
    await page.getByRole('menuitem', { name: '融资服务' }).click()
    await page.waitForURL((u) => u.pathname === '/financing')
    // The shelf, and a product's detail.
    await rowOf(page, '塞上信易贷').getByRole('button', { name: '详情' }).click()
    const detail = page.getByTestId('product-detail')
    await detail.getByText('信用方式，无需担保').waitFor()
    await detail.getByText('准入规则 2 条', { exact: false }).waitFor()
    await detail.getByText('等额本息', { exact: false }).waitFor()
    await page.waitForTimeout(400)
    await shot(page, 'f06-enterprise-product-detail')
    await page.keyboard.press('Escape')

    await page.getByRole('tab', { name: '我的需求' }).click()
    await page.getByRole('button', { name: /发布融资需求/ }).click()
    const form = page.getByRole('dialog').filter({ hasText: '发布融资需求' })
    await form.getByLabel('金额（万元）').fill('100')
    await form.getByLabel('期限（月）').fill('12')
    await form.getByLabel('资金用途').fill('采购枸杞烘干设备')
    await shot(page, 'f07-enterprise-need-form')
    await confirmIn(form)
    await toast(page, '融资需求已发布').waitFor()
    const need = rowOf(page, '采购枸杞烘干设备')
    await need.getByText('对接中').waitFor()
    const enterprise: Principal = { accountId: 'e2e-check', username: 'xinqiye', displayName: firm.name, role: 'enterprise', organization: firm.uscc, via: 'session', scopes: [] }
    const needs = await x.needs.list(enterprise, { limit: 10, offset: 0 })
    expect(needs.needs.map((n) => [n.amountFen, n.termMonths, n.purpose])).toEqual([[100_000_000, 12, '采购枸杞烘干设备']])
    needId = needs.needs[0]!.id

    await need.getByRole('button', { name: '查看匹配' }).click()
    const drawer = page.getByRole('dialog').filter({ hasText: '匹配结果' })
    const product = drawer.locator('.ant-collapse-item').filter({ hasText: '塞上信易贷' })
    await product.getByText('符合').first().waitFor()
    await product.locator('.ant-collapse-header').click()
    // The reasons the server gives, each rule with its own sentence.
    const expected = (await x.needs.match(enterprise, needId, { limit: 50 })).matches.find((m) => m.product.id === productId)!
    expect(expected.outcome).toBe('pass')
    expect(expected.rules).toHaveLength(2)
    for (const r of expected.rules) await product.getByText(r.reason, { exact: false }).first().waitFor()
    for (const c of expected.terms) await product.getByText(c.zh, { exact: false }).first().waitFor()
    await page.waitForTimeout(300)
    await shot(page, 'f08-enterprise-matches')

    // Apply: the lender gets the grant its rules need, in the same step.
    await product.getByRole('button', { name: /^申\s*请$/ }).click()
    const confirm = page.getByRole('dialog').filter({ hasText: '授权宁夏银行股份有限公司查看' })
    await confirmIn(confirm)
    await toast(page, '已提交申请，并已授权该机构查看所需信息').waitFor()
    await confirm.waitFor({ state: 'detached' })
    await drawer.locator('.ant-drawer-close').click()
    await drawer.waitFor({ state: 'hidden' })
    await page.getByRole('tab', { name: '我的申请' }).click()
    const application = rowOf(page, '塞上信易贷')
    await application.getByText('已提交').waitFor()
    await application.getByText(/\d{4}-\d{2}-\d{2}/).first().waitFor() // the bank's deadline to accept
    await shot(page, 'f09-enterprise-applications')

    await page.getByRole('menuitem', { name: '授权管理' }).click()
    await page.waitForURL((u) => u.pathname === '/access/grants')
    const grant = rowOf(page, BANK)
    await grant.getByText('有效').waitFor()
    await shot(page, 'f10-enterprise-grant')
    const grants = await x.grants.between(BANK, firm.uscc)
    expect(grants.map((g) => g.status)).toEqual(['active'])
    expect(grants[0]!.items).toEqual(expect.arrayContaining(['business_license', 'dishonest_judgment_debtor']))
    expect(errors).toEqual([])
  })

  it('the bank accepts, approves and lends, each step with its deadline in working days', async () => {
    const page = await pageOf('bank')
    onTestFailed(() => shot(page, 'failed-fin-bank-lend'))
    const errors = watchErrors(page)
    await login(page, 'bank')
    await page.getByRole('menuitem', { name: '融资申请办理' }).click()
    await page.waitForURL((u) => u.pathname === '/financing/work')
    const row = rowOf(page, firm.name)
    await row.getByText('已提交').waitFor()
    await shot(page, 'f11-bank-queue')

    const step = async (name: string, deadline: RegExp, fill?: (dialog: Locator) => Promise<void>, screenshot?: string) => {
      await row.getByRole('button', { name, exact: true }).click()
      const dialog = page.getByRole('dialog').filter({ hasText: name })
      await dialog.getByTestId('step-deadline').getByText(deadline).waitFor()
      if (fill) await fill(dialog)
      if (screenshot) await shot(page, screenshot)
      await confirmIn(dialog)
      await dialog.waitFor({ state: 'detached' })
    }
    await step('受理', /受理时限：自提交申请之日起 2 个工作日/, undefined, 'f12-bank-accept')
    await row.getByText('已受理').waitFor()
    await step('审批通过', /审批时限：自受理之日起 5 个工作日/)
    await row.getByText('审批通过').first().waitFor()
    await step('报送放款', /放款信息报送时限：自放款之日起 3 个工作日/, async (d) => {
      // The form checks before the server does: an empty contract number is named.
      await d.getByLabel('合同编号').fill('')
      await confirmIn(d)
      await d.getByText('请输入合同编号', { exact: false }).or(d.locator('.ant-form-item-explain-error').first()).first().waitFor()
      await d.getByLabel('合同编号').fill(CONTRACT_NO)
      expect(await d.getByLabel('放款金额（万元）').inputValue()).toBe('100.00')
      await d.getByLabel('执行年利率（%）').fill('4.35')
      await d.getByLabel('还款方式').click()
      await page.locator('.ant-select-dropdown:visible .ant-select-item-option[title="等额本息"]').click()
    }, 'f13-bank-lend')
    await row.getByText('已放款').waitFor()
    await row.getByText('1,000,000.00 元').waitFor()
    expect(errors).toEqual([])
  })

  it('the bank reports a repayment, the loan overdue, and its default', async () => {
    const page = await pageOf('bank')
    onTestFailed(() => shot(page, 'failed-fin-bank-report'))
    const errors = watchErrors(page)
    const row = rowOf(page, firm.name)
    // 结清 waits until no principal is owed.
    expect(await row.getByRole('button', { name: '报送结清', exact: true }).isDisabled()).toBe(true)

    await row.getByRole('button', { name: '报送还款', exact: true }).click()
    const repay = page.getByRole('dialog').filter({ hasText: '报送还款' })
    await repay.getByTestId('step-deadline').getByText(/还款信息报送时限：自还款之日起 3 个工作日/).waitFor()
    await repay.getByText('当前未还本金 1,000,000.00 元').waitFor()
    // More principal than is owed is caught by the form.
    await repay.getByLabel('归还本金（元）').fill('1000000.01')
    await confirmIn(repay)
    await repay.getByText('归还本金不能超过未还本金 1,000,000.00 元').waitFor()
    await repay.getByLabel('归还本金（元）').fill('100000')
    await repay.getByLabel('支付利息（元）').fill('3625.00')
    await shot(page, 'f14-bank-repay')
    await confirmIn(repay)
    await repay.waitFor({ state: 'detached' })
    await row.getByText('900,000.00 元').waitFor()

    await row.getByRole('button', { name: '报送逾期', exact: true }).click()
    const overdue = page.getByRole('dialog').filter({ hasText: '报送逾期' })
    await overdue.getByTestId('step-deadline').getByText('本环节按实际发生情况如实报送，平台未设办理时限。').waitFor()
    await confirmIn(overdue)
    await overdue.waitFor({ state: 'detached' })
    await row.getByText('逾期').first().waitFor()

    await row.getByRole('button', { name: '报送违约', exact: true }).click()
    const dflt = page.getByRole('dialog').filter({ hasText: '报送违约' })
    await dflt.getByText(/不能撤回/).waitFor()
    await dflt.getByLabel('说明').fill('逾期超过 90 天，经催收无果，认定损失')
    await shot(page, 'f15-bank-default')
    await confirmIn(dflt)
    await dflt.waitFor({ state: 'detached' })
    await row.getByText('违约（代偿）').waitFor()

    // The loan's detail: its number (what the claim names), figures, repayments and every step taken.
    await row.getByRole('button', { name: '详情' }).click()
    const detail = page.getByTestId('loan-detail')
    loanId = (await detail.getByTestId('loan-id').innerText()).trim()
    expect(loanId).toMatch(/^[0-9a-f-]{36}$/)
    await detail.getByText(CONTRACT_NO).waitFor()
    await detail.getByText('3,625.00 元').waitFor()
    for (const action of ['提交申请', '受理', '放款', '还款', '逾期', '违约（代偿）']) await detail.getByText(new RegExp(`^${action.replace(/[()（）]/g, '.')} · `)).first().waitFor()
    await page.waitForTimeout(400) // the drawer's slide-in, for the screenshot
    await shot(page, 'f16-bank-loan-detail')
    await page.keyboard.press('Escape')

    const a = await x.applications.get(bank, loanId)
    expect(a.status).toBe('defaulted')
    expect(a.loan).toMatchObject({ contractNo: CONTRACT_NO, principalFen: 100_000_000, annualRateBp: 435, repaymentWay: 'equal_installment', outstandingPrincipalFen: 90_000_000 })
    expect(a.repayments).toEqual([expect.objectContaining({ principalFen: 10_000_000, interestFen: 362_500 })])
    expect(errors).toEqual([])
  })

  it('the bank files a risk-compensation claim with evidence', async () => {
    const page = await pageOf('bank')
    onTestFailed(() => shot(page, 'failed-fin-claim'))
    const errors = watchErrors(page)
    await page.getByRole('menuitem', { name: '我的补偿申请' }).click()
    await page.waitForURL((u) => u.pathname === '/compensation/claims')
    await page.getByRole('button', { name: /申请补偿/ }).click()
    const form = page.getByRole('dialog').filter({ hasText: '申请风险补偿' })
    await chooseOption(page, '资金池', `${FUND}（自治区财政厅）`)
    await form.getByLabel('贷款编号').fill(loanId)
    await form.locator('input[type="file"]').setInputFiles(evidencePaths)
    await form.getByText('借款合同.pdf').waitFor()
    await form.getByLabel('说明（可选）').fill('借款人经营困难停产，担保方式为信用')
    await shot(page, 'f17-bank-claim-form')
    await confirmIn(form)
    const filed = toast(page, /补偿申请已提交，计算的补偿金额为 [\d,]+\.\d{2} 元/)
    await filed.waitFor()
    claimAmount = /([\d,]+\.\d{2} 元)/.exec(await filed.innerText())![1]!
    const row = rowOf(page, FUND)
    await row.getByText('待审核').or(row.locator('.ant-tag')).first().waitFor()
    await shot(page, 'f18-bank-claim-filed')

    const claims = await x.compensation.claims(bank, { limit: 10, offset: 0 })
    expect(claims.claims).toHaveLength(1)
    const claim = claims.claims[0]!
    expect(claim).toMatchObject({ loanId, status: 'filed', unrecoveredFen: 90_000_000 })
    expect(claimAmount.replace(/[,\s元]/g, '')).toBe((claim.computedFen / 100).toFixed(2))
    expect(errors).toEqual([])
  })

  it('the operator approves and pays the claim, and the fund\'s balances move by its amount', async () => {
    const page = await pageOf('admin')
    onTestFailed(() => shot(page, 'failed-fin-pay'))
    const errors = watchErrors(page)
    await page.getByRole('menuitem', { name: '补偿审核' }).click()
    await page.waitForURL((u) => u.pathname === '/compensation/claims')
    const row = rowOf(page, BANK)
    await row.getByText(claimAmount).waitFor()
    await row.getByRole('button', { name: '详情' }).click()
    const drawer = page.getByRole('dialog').filter({ hasText: '补偿申请详情' })
    await drawer.getByText('借款合同.pdf').waitFor()
    await drawer.getByText('补偿金额计算（逐条规则）').waitFor()
    await page.waitForTimeout(300)
    await shot(page, 'f19-operator-claim-detail')
    await page.keyboard.press('Escape')

    await row.getByRole('button', { name: /批\s*准/ }).click()
    const approve = page.getByRole('dialog').filter({ hasText: '批准补偿申请' })
    await approve.getByText(claimAmount, { exact: false }).waitFor()
    await confirmIn(approve)
    await toast(page, '已批准').waitFor()
    await row.getByRole('button', { name: /拨\s*付/ }).click()
    const pay = page.getByRole('dialog').filter({ hasText: '拨付补偿' })
    await pay.getByLabel('支付凭证号').fill('国库集中支付 2026-0815')
    await shot(page, 'f20-operator-pay')
    await confirmIn(pay)
    await toast(page, '已拨付').waitFor()

    const paidFen = (await x.compensation.claims(operator, { limit: 10, offset: 0 })).claims.find((c) => c.loanId === loanId)!
    expect(paidFen.status).toBe('paid')
    const amountFen = paidFen.approvedFen!
    const yuan = (fen: number) => `${(fen / 100).toLocaleString('en-US', { minimumFractionDigits: 2 })} 元`
    expect(yuan(amountFen)).toBe(claimAmount)

    await page.getByRole('menuitem', { name: '风险补偿资金池' }).click()
    await page.waitForURL((u) => u.pathname === '/compensation/funds')
    const fund = rowOf(page, FUND)
    await fund.getByText(yuan(500_000_000 - amountFen)).waitFor() // 可用余额
    await fund.getByText(yuan(amountFen)).first().waitFor() // 已拨付补偿
    await page.waitForTimeout(400) // the page's fade-in, for the screenshot
    await shot(page, 'f21-operator-fund-after')
    const balances = (await x.compensation.fund(operator, fundId)).balances
    expect(balances).toMatchObject({ poolFen: 500_000_000 - amountFen, commitmentFen: 0, compensationPaidFen: amountFen })
    expect(errors).toEqual([])
  })

  it('the supervisor\'s 融资统计 counts the loan, its amount and its default', async () => {
    const page = await pageOf('supervisor')
    onTestFailed(() => shot(page, 'failed-fin-stats'))
    const errors = watchErrors(page)
    await login(page, 'jianguan')
    await page.getByRole('menuitem', { name: '融资统计' }).click()
    await page.waitForURL((u) => u.pathname === '/stats/financing')

    const after = (await x.stats.financing(operator, {})).total
    expect(after.loans).toBe(statsBefore.loans + 1)
    expect(after.amountFen).toBe(statsBefore.amountFen + 100_000_000)
    expect(after.defaulted).toBe(statsBefore.defaulted + 1)
    const card = (title: string) => page.locator('.stat-card').filter({ hasText: title })
    const yuan = (fen: number) => `${(fen / 100).toLocaleString('en-US', { minimumFractionDigits: 2 })} 元`
    await card('贷款笔数').getByText(after.loans.toLocaleString('en-US'), { exact: true }).waitFor()
    await card('贷款金额').getByText(yuan(after.amountFen), { exact: true }).waitFor()
    await card('违约笔数').getByText(after.defaulted.toLocaleString('en-US'), { exact: true }).waitFor()
    await rowOf(page, BANK).first().waitFor()
    await page.waitForTimeout(600) // the charts' animation, for the screenshot
    await shot(page, 'f21a-supervisor-stats')
    expect(errors).toEqual([])
  })

  it('the enterprise\'s 融资服务 screens fit a phone', async () => {
    const page = await pageOf('phone', true)
    onTestFailed(() => shot(page, 'failed-fin-phone'))
    const errors = watchErrors(page)
    await login(page, 'xinqiye', PASSWORD)
    const fits = async () => expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
    await page.goto(`${base}/financing`)
    await rowOf(page, '塞上信易贷').waitFor()
    await fits()
    await shot(page, 'f22-phone-products')
    await rowOf(page, '塞上信易贷').getByRole('button', { name: '详情' }).click()
    await page.getByTestId('product-detail').getByText('信用方式，无需担保').waitFor()
    await page.waitForTimeout(400) // the drawer's slide-in
    // The drawer takes the phone's width, not the desktop's 736 px (a fraction of a pixel is rounding).
    const box = await page.locator('.ant-drawer-content-wrapper').boundingBox()
    expect(Math.round(box!.width)).toBeLessThanOrEqual(390)
    await fits()
    await shot(page, 'f23-phone-product-detail')
    await page.keyboard.press('Escape')
    await page.goto(`${base}/financing?tab=needs`)
    await rowOf(page, '采购枸杞烘干设备').getByRole('button', { name: '查看匹配' }).click()
    await page.getByRole('dialog').filter({ hasText: '匹配结果' }).locator('.ant-collapse-item').filter({ hasText: '塞上信易贷' }).waitFor()
    await fits()
    await shot(page, 'f24-phone-matches')
    await page.keyboard.press('Escape')
    await page.goto(`${base}/financing?tab=applications`)
    await rowOf(page, '塞上信易贷').getByText('违约（代偿）').waitFor()
    await fits()
    await shot(page, 'f25-phone-applications')
    expect(errors).toEqual([])
  })
})
