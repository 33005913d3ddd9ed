import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cliHarness } from '../../test/cli-harness.js'
import { TEST_DIALECTS } from '../../test/databases.js'
import { factory } from '../../test/factory.js'

/**
 * The operator's commands at this machine's command line leave their trace in the audit log, as the operator's API
 * requests do: which command, on what, by whom, before the command acts, and never a source's password.
 */

const LONG = 120_000

interface Logged {
  action: string
  actor_username: string
  actor_role: string
  details: { command: string } & Record<string, unknown>
}

for (const dialect of TEST_DIALECTS) {
  describe(`${dialect}: operator commands are audited`, () => {
    const cli = cliHarness(dialect, 'xinshu-cli-')
    const dir = cli.dir
    beforeAll(() => cli.open(), LONG)
    afterAll(() => cli.close())

    const xinshu = cli.xinshu
    const commandsLogged = () => cli.query<Logged>(`select action, actor_username, actor_role, details from audit.entry where action = 'operator.command' order by seq`)

    it('logs an allowlisted code with its reason, as the operator at the command line', async () => {
      await xinshu('allowlist', 'add', '91350203M0001QAY9B', '--reason', '经市场监管部门核实的真实代码')
      const logged = await commandsLogged()
      expect(logged).toHaveLength(1)
      expect(logged[0]).toMatchObject({
        actor_username: 'cli:ningxia-ops', actor_role: 'operator',
        details: { command: 'allowlist add', uscc: '91350203M0001QAY9B', reason: '经市场监管部门核实的真实代码' },
      })
    }, LONG)

    it('logs a registered source by its name, never its password', async () => {
      const config = dir.file('water.json')
      factory.writeText(config, JSON.stringify({
        id: 'yc-water', itemKey: 'water_bill', provider: '自治区住房城乡建设厅', driver: 'mysql',
        url: 'mysql://reader:s3cret-pw@127.0.0.1:3306/water', table: 'water.bills', watermarkColumn: 'updated_at', keyColumn: 'id',
        mapping: { entity_name: 'corp_name', uscc: 'credit_code', water_account_info: 'account' },
      }))
      await xinshu('source', 'add', config)
      const logged = (await commandsLogged()).filter((e) => e.details.command === 'source add')
      expect(logged).toHaveLength(1)
      expect(logged[0]!.details).toMatchObject({ id: 'yc-water', itemKey: 'water_bill', kind: 'table' })
      expect(JSON.stringify(logged)).not.toContain('s3cret-pw')
    }, LONG)

    it('logs a file collected directly, even when the file is refused', async () => {
      const csv = factory.writeText(dir.file('nothing.csv'), '姓名,年龄\r\n张三,30\r\n')
      await expect(xinshu('ingest', csv, '--item', 'administrative_penalty')).rejects.toMatchObject({ code: 1 })
      const logged = (await commandsLogged()).filter((e) => e.details.command === 'ingest')
      expect(logged).toHaveLength(1)
      expect(logged[0]!.details).toMatchObject({ file: csv, itemKey: 'administrative_penalty' })
    }, LONG)

    it('keeps the chain intact across commands, and checks it against a head published earlier', async () => {
      const { stdout } = await xinshu('audit', 'verify', '--json')
      const report = JSON.parse(stdout) as { ok: boolean; head: { seq: number; hash: string } }
      expect(report).toMatchObject({ ok: true, head: { seq: 3 } })
      const published = `${report.head.seq}:${report.head.hash}`
      expect((await xinshu('audit', 'verify', '--published', published)).stdout).toContain(published)
      await expect(xinshu('audit', 'verify', '--published', `9:${report.head.hash}`)).rejects.toMatchObject({ code: 2, stdout: expect.stringContaining('#9') })
      await expect(xinshu('audit', 'verify', '--published', '3:not-a-hash')).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining('SEQ:HASH') })
    }, LONG)

    it('ends publicity whose maximum has passed with `repair sweep`, logged as the operator\'s command', async () => {
      const file = factory.writeText(dir.file('penalty.csv'), factory.csv('administrative_penalty', [factory.penaltyRow({ decision_date: '2020-01-15' })]))
      await xinshu('ingest', file, '--item', 'administrative_penalty')
      expect(JSON.parse((await xinshu('repair', 'sweep', '--json')).stdout)).toMatchObject({ ended: 1 })
      expect(JSON.parse((await xinshu('repair', 'sweep', '--json')).stdout)).toMatchObject({ ended: 0 })
      expect((await commandsLogged()).filter((e) => e.details.command === 'repair sweep')).toHaveLength(2)
      const [ended] = await cli.query<{ actor_username: string }>(`select actor_username from audit.entry where action = 'repair.publicity_ended'`)
      expect(ended).toMatchObject({ actor_username: 'cli:ningxia-ops' })
    }, LONG)

    it('rebuilds the relationship graph with `relations rebuild`, logged as the operator\'s command', async () => {
      const row = { entity_name: '宁夏关联测试有限公司', uscc: factory.uscc(8801), shareholder_name: '宁夏某某投资有限公司', shareholder_type: '企业法人', contribution_ratio: 51, contribution_amount: '510000.00', contribution_method: '货币', subscribed_contribution_amount: '510000.00' }
      const file = factory.writeText(dir.file('shareholders.csv'), factory.csv('shareholder_contribution', [row]))
      await xinshu('ingest', file, '--item', 'shareholder_contribution')
      const r = JSON.parse((await xinshu('relations', 'rebuild', '--json')).stdout) as { subjects: number; edges: number; stored: { edges: number } }
      expect(r.subjects).toBeGreaterThanOrEqual(1)
      expect(r.stored.edges).toBeGreaterThanOrEqual(1)
      expect((await commandsLogged()).filter((e) => e.details.command === 'relations rebuild')).toHaveLength(1)
    }, LONG)

    it('prunes the change feed with `feed prune`, keeping what is inside the window, logged as the operator\'s command', async () => {
      // Every change here is minutes old: inside the 30-day window, so nothing goes, and nothing was ever pruned.
      const r = JSON.parse((await xinshu('feed', 'prune', '--json')).stdout) as { deleted: number; batches: number; bound: string; pruned: unknown }
      expect(r).toMatchObject({ deleted: 0, batches: 1, pruned: null })
      expect(r.bound).toMatch(/^\d+:\d+$/)
      expect((await commandsLogged()).filter((e) => e.details.command === 'feed prune')).toHaveLength(1)
    }, LONG)
  })
}
