import { timingSafeEqual } from 'node:crypto'
import { hmacSm3 } from '../core/index.js'
import { PlatformErrors } from './platforms.errors.js'

/** Where a platform stands: in the records change feed, and among its forget entries (the last one it was handed). */
export interface FeedPosition {
  change: string
  forget: number
}

/**
 * Feed cursors: the records change feed's cursor (`<txid>:<seq>`), then `/<n>` the last forget entry handed out
 * (cursors from before forget entries existed have none: 0), with a tag (HMAC-SM3 over the platform's name and
 * that position),
 * so that a cursor is good only for the platform it was given to. A platform cannot read from another's cursor,
 * nor craft a position it was never handed; a changed or pasted cursor is refused, not served from somewhere else.
 *
 * @example
 * const c = feedCursors(dataKey)
 * const text = c.encode('信易贷宁夏总站', { change: '1234:56', forget: 3 }) // '1234:56/3.9f0c…'
 * c.decode('信易贷宁夏总站', text) // { change: '1234:56', forget: 3 }
 */
export function feedCursors(dataKey: Buffer) {
  // A key of its own, derived from the data key, so that a cursor tag says nothing about any other use of that key.
  const key = Buffer.from(hmacSm3(dataKey, 'xinshu/platforms/feed-cursor/v1'), 'hex')
  const tag = (platform: string, position: string) => hmacSm3(key, `${platform}\u0000${position}`).slice(0, 20)
  return {
    encode(platform: string, p: FeedPosition): string {
      const position = p.forget > 0 ? `${p.change}/${p.forget}` : p.change
      return `${position}.${tag(platform, position)}`
    },

    /** The position inside a cursor handed to `platform`, or PLATFORM_CURSOR_INVALID saying what is wrong with it. */
    decode(platform: string, text: string): FeedPosition {
      if (text.length > MAX_CURSOR_LENGTH) throw PlatformErrors.CURSOR_INVALID('过长 / too long')
      const m = /^((\d{1,20}:\d{1,19})(?:\/(\d{1,15}))?)\.([0-9a-f]{20})$/.exec(text)
      if (!m) throw PlatformErrors.CURSOR_INVALID('格式应为“位置.校验码” / expected "position.tag"')
      const expected = Buffer.from(tag(platform, m[1]!))
      if (!timingSafeEqual(expected, Buffer.from(m[4]!))) throw PlatformErrors.CURSOR_INVALID('校验不符，不是发给本平台的游标 / tag mismatch: not a cursor given to this platform')
      return { change: m[2]!, forget: m[3] ? Number(m[3]) : 0 }
    },
  }
}

/** Longest cursor text: a position of 20 + 19 + 15 digits with its separators and tag. */
export const MAX_CURSOR_LENGTH = 80

export type FeedCursors = ReturnType<typeof feedCursors>
