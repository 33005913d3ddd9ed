/**
 * Test fixtures of the platforms context: a second service platform with a logged-in account, to show that one
 * platform's cursor, grant or reports do nothing for another. Not imported by product code.
 */
import type { Xinshu } from '../app/xinshu.js'
import type { Caller } from '../access/access.fixtures.js'

export const PLATFORM_B = '宁夏企业融资服务平台'

export async function seedPlatform(x: Xinshu, name = PLATFORM_B, username = 'qyrz'): Promise<Caller> {
  const id = await x.access.createAccount({ username, displayName: name, role: 'platform', organization: name })
  const s = await x.access.openSession(id)
  return { principal: s.principal, token: s.token, headers: { authorization: `Bearer ${s.token}` } }
}
