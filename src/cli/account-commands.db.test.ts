import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cliHarness } from '../../test/cli-harness.js'
import { TEST_DIALECTS } from '../../test/databases.js'

/**
 * Accounts and keys at the command line (`xinshu account create|list|disable`, `xinshu key create|list|revoke`): what
 * they do, and that each leaves its `operator.command` entry (never a password or a key) besides the service's own.
 */

const LONG = 180_000

for (const dialect of TEST_DIALECTS) {
  describe(`${dialect}: account and key commands`, () => {
    const cli = cliHarness(dialect, 'xinshu-cli-accounts-')
    beforeAll(() => cli.open(), LONG)
    afterAll(() => cli.close())

    const xinshu = async (...args: string[]) => (await cli.xinshu(...args)).stdout
    const query = cli.query

    it('creates a provider account, issues it a scoped key, lists, revokes and disables, all audited', async () => {
      const created = await xinshu('account', 'create', 'ycsw-ingest', '--role', 'provider', '--name', '银川市税务局报送', '--organization', '国家税务总局银川市税务局')
      const password = /initial password \(shown once\): (\S+)/.exec(created)?.[1]
      expect(password).toMatch(/^[A-Za-z0-9]{14}$/)

      const issued = await xinshu('key', 'create', 'ycsw-ingest', '--label', '征管系统', '--scopes', 'ingest:write,ingest:read', '--expires', new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10))
      const key = /API key \(shown once\): (xs_([0-9a-f]{12})_\S+)/.exec(issued)
      expect(key).not.toBeNull()
      const keyId = key![2]!

      const listed = await xinshu('key', 'list', 'ycsw-ingest')
      expect(listed).toContain(keyId)
      expect(listed).toContain('ingest:read,ingest:write')
      expect(listed).not.toContain(key![1]!)
      await expect(xinshu('key', 'create', 'ycsw-ingest', '--label', 'x', '--scopes', 'profile:read', '--expires', '2030-01-01')).rejects.toMatchObject({ stderr: expect.stringContaining('ONBOARDING_') })

      await xinshu('key', 'revoke', keyId)
      expect(await xinshu('key', 'list', 'ycsw-ingest')).toMatch(new RegExp(`${keyId}\\trevoked`))
      await xinshu('account', 'disable', 'ycsw-ingest', '--reason', '系统迁移')
      expect(await xinshu('account', 'list', '--role', 'provider')).toMatch(/ycsw-ingest\tprovider\t国家税务总局银川市税务局\tdisabled/)

      const logged = await query<{ action: string; actor_username: string; details: Record<string, unknown> }>(
        `select action, actor_username, details from audit.entry where actor_username = 'cli:ningxia-ops' order by seq`)
      const commands = logged.filter((e) => e.action === 'operator.command').map((e) => e.details.command)
      expect(commands).toEqual(['account create', 'key create', 'key list', 'key create', 'key revoke', 'key list', 'account disable', 'account list'])
      expect(logged.map((e) => e.action)).toEqual(expect.arrayContaining(['account.create', 'api_key.create', 'api_key.revoke', 'account.disable']))
      const text = JSON.stringify(logged)
      expect(text).not.toContain(password!)
      // The secret may hold `_` itself: everything after the id is the secret, as the server reads a key.
      expect(text).not.toContain(/^xs_[0-9a-f]{12}_(.+)$/.exec(key![1]!)![1]!)
    }, LONG)
  })
}
