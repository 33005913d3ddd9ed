import type { Xinshu } from './xinshu.js'
import type { Principal } from '../access/index.js'
import { demoSubject } from '../demo/index.js'

/** The demo's service platforms (N of "1+N+X"), with their accounts. */
export const DEMO_PLATFORMS = [
  { username: 'xinyidai', name: '信易贷宁夏总站', type: 'xinyidai', pages: 3, scale: 1 },
  { username: 'qyrz', name: '宁夏企业融资服务平台', type: 'financing_service', pages: 2, scale: 0.4 },
] as const

const principal = (username: string, organization: string): Principal =>
  ({ accountId: '00000000-0000-0000-0000-000000000000', username, displayName: organization, role: 'platform', organization, via: 'session', scopes: [] })

/** A small reproducible generator (mulberry32), so the demo's figures are the same on every machine. */
function random(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296
  }
}

const dayBefore = (asOf: Date, n: number) => new Date(asOf.getTime() + 8 * 3_600_000 - n * 86_400_000).toISOString().slice(0, 10)

/**
 * The platforms' side of the demo (the grant runs a year from today, whatever day the story ends on: grants are
 * checked against the real clock), written through the services: the first demo enterprise grants 信易贷宁夏总站
 * its tax figures (so the feed shows a granted record), each platform pulls a few pages of the feed (so its
 * 数据订阅 page has a cursor and deliveries), and a month of usage reports (platform-wide daily counts and
 * per-enterprise rows with a few loans) fills the operator's 平台使用情况 page.
 */
export async function seedPlatformsDemo(x: Xinshu, opts: { seed: number; subjects: number; asOf: Date }): Promise<{ pulls: number; reports: number }> {
  const firm = demoSubject(opts.seed, 0)
  const enterprise: Principal = { accountId: '00000000-0000-0000-0000-000000000000', username: 'qiye', displayName: `${firm.name} 经办人`, role: 'enterprise', organization: firm.uscc, via: 'session', scopes: [] }
  await x.grants.create(enterprise, { institution: DEMO_PLATFORMS[0].name, categories: ['taxation'], mode: 'view', purpose: '融资', validUntil: dayBefore(new Date(), -365) }, { how: 'web-consent' })
  const rnd = random(opts.seed ^ 0x5eed)
  let pulls = 0
  let reports = 0
  for (const p of DEMO_PLATFORMS) {
    const who = principal(p.username, p.name)
    let after: string | undefined
    // Changes still held back by a transaction open elsewhere on the server come a moment later: wait a little for them.
    for (let i = 0, waits = 0; i < p.pages; ) {
      const page = await x.feed.changes(who, { after, limit: 200 })
      after = page.next
      pulls++
      if (page.changes.length) i++
      if (page.hasMore) continue
      if (!page.pending || ++waits > 100) break
      await new Promise((r) => setTimeout(r, 50))
    }
    for (let d = 30; d >= 1; d--) {
      if (p.scale < 1 && d % 2 === 1) continue
      const date = dayBefore(opts.asOf, d)
      const n = (lo: number, hi: number) => Math.round((lo + rnd() * (hi - lo)) * p.scale)
      const rows: Array<{ subject?: string; date: string; queries: number; matches: number; loans: number; loanAmountFen?: number }> = [
        { date, queries: n(80, 200) + 1, matches: n(10, 30), loans: 0 },
      ]
      const firms = 2 + Math.floor(rnd() * 3)
      for (let k = 0; k < firms; k++) {
        const s = demoSubject(opts.seed, Math.floor(rnd() * Math.max(1, opts.subjects)))
        if (rows.some((r) => r.subject === s.uscc)) continue
        const lent = rnd() < 0.3
        rows.push({ subject: s.uscc, date, queries: 1 + Math.floor(rnd() * 4), matches: 1, loans: lent ? 1 : 0, ...(lent ? { loanAmountFen: (50 + Math.floor(rnd() * 450)) * 1_000_000 } : {}) })
      }
      await x.feedback.submit(who, { id: `${p.username}-${date}`, rows })
      reports++
    }
  }
  return { pulls, reports }
}
