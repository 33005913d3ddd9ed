import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { Command } from 'commander'
import type { Xinshu } from '../app/index.js'
import { TEST_DIALECTS, TEST_DATA_KEY } from '../../test/databases.js'
import { openTestXinshu } from '../../test/xinshu.js'
import { openDatabase } from '../core/index.js'
import { createAuditService } from './audit.service.js'
import { entryHash } from './audit-chain.js'
import type { AuditInput } from './audit.types.js'
import { registerAuditCommand } from '../cli/index.js'

const bank = { accountId: '00000000-0000-4000-8000-000000000001', username: 'bank', role: 'institution', organization: '宁夏银行股份有限公司' }
const read = (n: number): AuditInput => ({
  actor: bank, action: 'profile.read', subjectKey: `91640100MA76XQ0A${String(n % 100).padStart(2, '0')}`,
  items: ['tax_payment'], fields: ['tax_payment.vat_paid_last_12_months'], grantId: 'g-1', purpose: '融资', details: { n, note: '测试' },
})

/** Tampering with the stored log needs the append-only trigger out of the way, as an attacker with DDL rights would. */
async function tamper(x: Xinshu, sql: string): Promise<void> {
  await x.db.exec(`alter table audit.entry disable trigger entry_append_only; ${sql}; alter table audit.entry enable trigger entry_append_only`)
}

for (const dialect of TEST_DIALECTS) {
  describe(`${dialect}: audit log`, () => {
    let x: Xinshu

    beforeAll(async () => {
      x = await openTestXinshu(dialect)
    })
    afterAll(async () => {
      await x?.close()
    })

    it('chains entries with SM3 and verifies the whole chain', async () => {
      const a = await x.audit.append(read(1))
      const b = await x.audit.append(read(2))
      expect(a.seq).toBe(1)
      expect(b.prevHash).toBe(a.hash)
      expect(a.hash).toMatch(/^[0-9a-f]{64}$/)
      const { hash, ...rest } = b
      expect(entryHash(rest)).toBe(hash)
      expect(await x.audit.verifyChain()).toMatchObject({ ok: true, checked: 2, head: { seq: 2, hash: b.hash } })
    })

    it('keeps one unforked chain under many concurrent appends, grouping them into few writes', async () => {
      const before = (await x.audit.verifyChain()).checked
      const entries = await Promise.all(Array.from({ length: 300 }, (_, i) => x.audit.append(read(i))))
      const seqs = entries.map((e) => e.seq).sort((p, q) => p - q)
      expect(seqs[0]).toBe(before + 1)
      expect(seqs[seqs.length - 1]).toBe(before + 300)
      expect(new Set(seqs).size).toBe(300)
      expect((await x.audit.verifyChain({ pageSize: 7 })).ok).toBe(true)
    })

    it.runIf(dialect === 'postgres')('keeps one chain when two processes append to one server at once', async () => {
      const other = await openDatabase({ databaseUrl: (x.db as { url?: string }).url!, migrate: false })
      try {
        const second = createAuditService({ db: other })
        await Promise.all(Array.from({ length: 100 }, (_, i) => (i % 2 ? x.audit : second).append(read(i))))
        expect((await x.audit.verifyChain()).ok).toBe(true)
      } finally {
        await other.close()
      }
    })

    it('refuses to update, delete or truncate an entry', async () => {
      await expect(x.db.query(`update audit.entry set reason = 'x' where seq = 1`)).rejects.toThrow(/append-only/)
      await expect(x.db.query('delete from audit.entry where seq = 1')).rejects.toThrow(/append-only/)
      await expect(x.db.query('truncate audit.entry')).rejects.toThrow(/append-only/)
      expect((await x.audit.verifyChain()).ok).toBe(true)
    })

    it('names the exact entry whose stored content was changed', async () => {
      await tamper(x, `update audit.entry set fields = array['annual_report.net_profit'] where seq = 5`)
      const r = await x.audit.verifyChain({ pageSize: 3 })
      expect(r).toMatchObject({ ok: false, checked: 4, broken: { seq: 5, problem: 'hash' } })
      expect(r.broken!.zh).toContain('第 5 条')
    })

    it('names the entry after one that was re-hashed by someone who knew the scheme', async () => {
      const [row] = await x.db.query<{ n: number }>('select count(*)::int as n from audit.entry')
      expect(row!.n).toBeGreaterThan(20)
      // Restore entry 5 by re-hashing it as the forger would: its own hash verifies, the next entry's link does not.
      const [e5] = await x.audit.list({ limit: 1, beforeSeq: 6 })
      const forged = entryHash({ ...e5!, hash: undefined } as never)
      await tamper(x, `update audit.entry set hash = '${forged}' where seq = 5`)
      expect(await x.audit.verifyChain()).toMatchObject({ ok: false, broken: { seq: 6, problem: 'prev_hash' } })
    })

    it('names a removed entry as a gap', async () => {
      await tamper(x, 'delete from audit.entry where seq = 3')
      expect(await x.audit.verifyChain()).toMatchObject({ ok: false, checked: 2, broken: { seq: 3, problem: 'gap' } })
    })

    it.runIf(dialect === 'postgres')('`xinshu audit verify` prints the first broken entry and exits with 2', async () => {
      const env = { DATABASE_URL: (x.db as { url?: string }).url!, XINSHU_DATA_KEY: TEST_DATA_KEY.toString('hex') }
      const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]))
      Object.assign(process.env, env)
      const log = vi.spyOn(console, 'log').mockImplementation(() => {})
      try {
        const program = new Command('xinshu').exitOverride()
        registerAuditCommand(program)
        await program.parseAsync(['node', 'xinshu', 'audit', 'verify'])
        expect(log.mock.calls.flat().join('\n')).toMatch(/#3/)
        expect(process.exitCode).toBe(2)
      } finally {
        process.exitCode = 0
        log.mockRestore()
        for (const [k, v] of Object.entries(saved)) if (v === undefined) delete process.env[k]; else process.env[k] = v
      }
    })
  })
}

for (const dialect of TEST_DIALECTS) {
  describe(`${dialect}: audit log against a head published earlier`, () => {
    let x: Xinshu

    beforeAll(async () => {
      x = await openTestXinshu(dialect)
    })
    afterAll(async () => {
      await x?.close()
    })

    it('catches a tail rewritten after the published entry, and a tail cut before it, which the chain alone cannot', async () => {
      for (let i = 1; i <= 6; i++) await x.audit.append(read(i))
      const published = (await x.audit.verifyChain()).head!
      expect(published.seq).toBe(6)
      for (let i = 7; i <= 9; i++) await x.audit.append(read(i))
      expect(await x.audit.verifyChain({ published })).toMatchObject({ ok: true, checked: 9 })

      // A forger who knows the scheme drops entries 5… and chains new ones from entry 4: the chain verifies.
      await tamper(x, 'delete from audit.entry where seq >= 5')
      const forger = createAuditService({ db: x.db })
      for (let i = 50; i < 55; i++) await forger.append(read(i))
      expect(await x.audit.verifyChain()).toMatchObject({ ok: true, checked: 9 })
      const rewritten = await x.audit.verifyChain({ published })
      expect(rewritten).toMatchObject({ ok: false, checked: 5, broken: { seq: 6, problem: 'published_head' } })
      expect(rewritten.broken!.zh).toContain('第 6 条')

      // Cut short before the published entry: what is left verifies on its own.
      await tamper(x, 'delete from audit.entry where seq >= 4')
      expect(await x.audit.verifyChain()).toMatchObject({ ok: true, checked: 3 })
      const cut = await x.audit.verifyChain({ published })
      expect(cut).toMatchObject({ ok: false, checked: 3, broken: { seq: 6, problem: 'truncated' } })
      expect(cut.broken!.en).toContain('cut after entry 3')
    })
  })
}
