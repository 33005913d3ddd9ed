import { existsSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import type { FastifyInstance } from 'fastify'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest'
import { createXinshu, type Xinshu } from '../../src/app/xinshu.js'
import { DEMO_PASSWORD, seedDemo } from '../../src/app/demo-seed.js'
import { openDatabase } from '../../src/core/db/open-database.js'
import { buildApp } from '../../src/http/app.js'
import { CHROMIUM, launchChromium, shot, watchErrors, WEB_DIST_INDEX } from './browser.js'

/**
 * What counts as negative, and what an institution is alerted to, through the web app:
 *  1. the operator opens 负面信息规则, changes how long water arrears must last before they count, and sees the
 *     change in the table and in the rule's history;
 *  2. the bank turns off alerts of one kind on its 预警规则 tab, saves, and finds it still off after a reload;
 *  3. the supervisor opens 监测预警统计 from the menu and finds the demo's alerts counted per institution and day.
 */
const ready = !!process.env.XINSHU_E2E
describe.skipIf(!ready)('信枢 web app: negative-record rules and alert rules', () => {
  let x: Xinshu
  let app: FastifyInstance
  let browser: Browser
  let base: string

  beforeAll(async () => {
    if (!existsSync(WEB_DIST_INDEX)) throw new Error('web/dist is not built: run `npm run build:web` first')
    if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM} (apt-get install chromium)`)
    x = await createXinshu({ dataKey: Buffer.alloc(16, 9) }, await openDatabase({}))
    await seedDemo(x, { subjects: 50 })
    app = await buildApp(x)
    await app.listen({ port: 0, host: '127.0.0.1' })
    base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`
    browser = await launchChromium()
  })
  afterAll(async () => {
    await browser?.close()
    await app?.close()
    await x?.close()
  })

  const desktop = () => browser.newPage({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' })
  const toast = (page: Page, text: string) => page.locator('.ant-message, .ant-notification').getByText(text).first()

  async function login(page: Page, username: string, path: string): Promise<void> {
    await page.goto(`${base}${path}`)
    await page.waitForURL((u) => u.pathname === '/login')
    await page.getByLabel('用户名').fill(username)
    await page.getByLabel('密码').fill(DEMO_PASSWORD)
    await page.getByRole('button', { name: /登\s*录/ }).click()
    await page.waitForURL((u) => u.pathname === path)
  }

  it('the operator changes how long water arrears must last, and sees the change kept', async () => {
    const page = await desktop()
    onTestFailed(() => shot(page, 'failed-negative-rules'))
    const errors = watchErrors(page)
    await login(page, 'admin', '/monitoring/negative-rules')
    const row = page.locator('.ant-table-row').filter({ hasText: '水费信息' })
    await row.getByText('持续 3 个月').waitFor()
    await row.getByRole('button', { name: /修\s*改/ }).click()
    const drawer = page.getByRole('dialog').filter({ hasText: '负面信息规则：水费信息' })
    await drawer.waitFor()
    const months = drawer.locator('.ant-input-number input')
    await months.fill('6')
    await drawer.getByRole('button', { name: /保\s*存/ }).click()
    await toast(page, '负面信息规则已保存').waitFor()
    await row.getByText('持续 6 个月').waitFor()
    expect((await x.monitoring.negativeRules.list({ accountId: null, username: 'test', role: 'operator', organization: null } as never)).find((r) => r.itemKey === 'water_bill')!.condition.sustainedMonths).toBe(6)
    await row.getByRole('button', { name: /修\s*改/ }).click()
    await drawer.locator('.ant-table-row').filter({ hasText: 'admin' }).filter({ hasText: '持续 3 个月' }).waitFor()
    await page.waitForTimeout(400) // the drawer's slide-in, for the screenshot
    await shot(page, 'negative-rules')
    expect(errors).toEqual([])
    await page.close()
  })

  it('the bank turns off alerts of one kind and finds them still off after a reload', async () => {
    const page = await desktop()
    onTestFailed(() => shot(page, 'failed-alert-rules'))
    const errors = watchErrors(page)
    await login(page, 'bank', '/monitoring')
    await page.getByRole('tab', { name: '预警规则' }).click()
    const row = page.locator('.ant-table-row').filter({ hasText: '欠税' })
    const toggle = row.getByRole('switch')
    await expect.poll(() => toggle.getAttribute('aria-checked')).toBe('true')
    await toggle.click()
    await page.getByRole('button', { name: '保存规则' }).click()
    await toast(page, '预警规则已保存').waitFor()
    await page.reload()
    await page.getByRole('tab', { name: '预警规则' }).click()
    await expect.poll(() => page.locator('.ant-table-row').filter({ hasText: '欠税' }).getByRole('switch').getAttribute('aria-checked')).toBe('false')
    expect(errors).toEqual([])
    await page.close()
  })

  it('the supervisor opens 监测预警统计 and finds the alerts counted per institution, with the chart of the days', async () => {
    const page = await desktop()
    onTestFailed(() => shot(page, 'failed-monitoring-stats'))
    const errors = watchErrors(page)
    await login(page, 'jianguan', '/catalog')
    await page.getByRole('menuitem', { name: '监测预警统计' }).click()
    await page.waitForURL((u) => u.pathname === '/stats/monitoring')
    const counted = await x.db.query<{ institution: string; n: number }>('select institution, count(*)::int as n from monitoring.alert group by institution order by n desc limit 1')
    expect(counted.length).toBe(1)
    const row = page.locator('.ant-table-row').filter({ hasText: counted[0]!.institution })
    await row.waitFor()
    expect(await row.locator('td').nth(1).innerText()).toBe(counted[0]!.n.toLocaleString('zh-CN'))
    // ECharts' aria option names the chart by its content, so the chart is found by its card's title.
    const chart = page.locator('.ant-card').filter({ hasText: '每日预警（按类型）' })
    await chart.locator('svg').first().waitFor()
    await chart.getByText('行政处罚').first().waitFor()
    await page.waitForTimeout(600) // the chart's animation, for the screenshot
    await shot(page, 'monitoring-stats')
    expect(errors).toEqual([])
    await page.close()
  })
})
