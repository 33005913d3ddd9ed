import { lookup } from 'node:dns/promises'
import { BlockList, isIP } from 'node:net'
import type { LookupFunction } from 'node:net'
import { lookup as lookupCb } from 'node:dns'
import { MonitoringErrors } from './monitoring.errors.js'

export interface UrlPolicy {
  /** Allow private, loopback and link-local addresses (XINSHU_WEBHOOK_ALLOW_PRIVATE=1; tests, closed networks). */
  allowPrivate?: boolean
}

/** Addresses a webhook may not reach unless allowed: the server's own network, not the institution's endpoint. */
const PRIVATE = new BlockList()
for (const [net, bits] of [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12], ['192.0.0.0', 24],
  ['192.168.0.0', 16], ['198.18.0.0', 15], ['224.0.0.0', 4], ['240.0.0.0', 4],
] as const) PRIVATE.addSubnet(net, bits, 'ipv4')
// Beside unique-local, link-local and multicast: the v6 forms that carry a v4 address a host may translate or tunnel
// to (IPv4-compatible ::a.b.c.d, SIIT ::ffff:0:a.b.c.d, NAT64, 6to4), and the deprecated site-local range.
for (const [net, bits] of [
  ['::', 96], ['::ffff:0:0:0', 96], ['fc00::', 7], ['fe80::', 10], ['fec0::', 10], ['ff00::', 8], ['64:ff9b::', 96], ['64:ff9b:1::', 48], ['2002::', 16],
] as const) PRIVATE.addSubnet(net, bits, 'ipv6')

/** Whether an address (v4, v6, or v4-mapped v6) is private, loopback, link-local or otherwise not public. */
export function isPrivateAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)
  if (mapped) return PRIVATE.check(mapped[1]!, 'ipv4')
  const family = isIP(address)
  if (family === 0) return true
  return PRIVATE.check(address, family === 4 ? 'ipv4' : 'ipv6')
}

/**
 * Checks a webhook URL when it is set: http(s) only, no credentials, a host that resolves, and (unless allowed)
 * to public addresses only. Returns the URL as normalised. The addresses are checked again on every send
 * ({@link guardedLookup}), since a name may resolve elsewhere later.
 */
export async function checkWebhookUrl(raw: string, policy: UrlPolicy): Promise<string> {
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    throw MonitoringErrors.WEBHOOK_URL_INVALID('不是有效的网址 / not a URL')
  }
  if (raw.length > 2000) throw MonitoringErrors.WEBHOOK_URL_INVALID('过长 / too long')
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw MonitoringErrors.WEBHOOK_URL_INVALID(`协议 ${url.protocol} 不可用 / only http and https`)
  if (url.username || url.password) throw MonitoringErrors.WEBHOOK_URL_INVALID('不能包含用户名或密码 / no credentials in the URL')
  const host = url.hostname.replace(/^\[|\]$/g, '')
  let addresses: string[]
  try {
    addresses = isIP(host) ? [host] : (await lookup(host, { all: true })).map((a) => a.address)
  } catch {
    throw MonitoringErrors.WEBHOOK_URL_INVALID(`无法解析主机 ${host} / host does not resolve`)
  }
  if (!policy.allowPrivate && addresses.some(isPrivateAddress)) {
    throw MonitoringErrors.WEBHOOK_URL_INVALID(`${host} 指向内网或本机地址 / resolves to a private or loopback address`)
  }
  return url.toString()
}

/** A DNS lookup for http.request that refuses private addresses at connect time (no DNS rebinding). */
export function guardedLookup(policy: UrlPolicy): LookupFunction {
  return (hostname, options, callback) => {
    lookupCb(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return (callback as (e: Error | null, a: string, f: number) => void)(err, '', 0)
      const list = addresses as unknown as Array<{ address: string; family: number }>
      const bad = !policy.allowPrivate && list.find((a) => isPrivateAddress(a.address))
      if (bad) return (callback as (e: Error | null, a: string, f: number) => void)(new Error(`refused: ${hostname} resolves to a private address ${bad.address}`), '', 0)
      if ((options as { all?: boolean }).all) return (callback as unknown as (e: null, a: typeof list) => void)(null, list)
      return (callback as (e: null, a: string, f: number) => void)(null, list[0]!.address, list[0]!.family)
    })
  }
}
