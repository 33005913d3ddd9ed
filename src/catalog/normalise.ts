/**
 * Small string normalisers shared by the field parsers and the value-set lookup.
 * They run for every cell of every batch, so each one first checks with a precompiled regex whether there is anything
 * to do and returns the input string unchanged (no allocation) in the common case.
 */

/**
 * Whether `s` has a full-width ASCII char (！ … ～), the ideographic space or the full-width yen sign ￥.
 * A plain loop: for the short values it sees (codes, dates, numbers) it is several times faster than a regex test.
 */
export function hasWideChars(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c >= 0x3000 && (c === 0x3000 || (c >= 0xff01 && c <= 0xff5e) || c === 0xffe5)) return true
  }
  return false
}

/**
 * Full-width → half-width for the ASCII range: `２０２２－１２－０１` → `2022-12-01`, `（` → `(`, `，` → `,`,
 * ideographic space → space, `￥` → `¥`. Everything else (Chinese text, 、 。 etc.) is left alone.
 */
export function toHalfWidth(s: string): string {
  if (!hasWideChars(s)) return s
  let out = ''
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c >= 0xff01 && c <= 0xff5e) out += String.fromCharCode(c - 0xfee0)
    else if (c === 0x3000) out += ' '
    else if (c === 0xffe5) out += '\u00a5'
    else out += s.charAt(i)
  }
  return out
}

/** Anything the enum key normaliser would change: upper-case ASCII, whitespace, wide chars, dash and tilde variants. */
const ENUM_KEY_DIRTY = /[A-Z\s\uFF01-\uFF5E\u3000\uFFE5\u2010-\u2015\u2212~\u301C]/
const WHITESPACE_G = /\s+/g
const DASHES_G = /[\u2010-\u2015\u2212~\u301C]/g

/**
 * The key under which enum codes, labels and aliases are compared: half-width, lower-case, without any whitespace,
 * and with ~ 〜 – — ― − folded to `-` (so `1~10人`, `1—10人` and `1 - 10 人` are the same band).
 */
export function normaliseEnumKey(s: string): string {
  if (!ENUM_KEY_DIRTY.test(s)) return s
  return toHalfWidth(s).toLowerCase().replace(WHITESPACE_G, '').replace(DASHES_G, '-')
}

/** `s.toUpperCase()`, but returns `s` itself (no allocation) when it has no ASCII a–z. */
export function upperCaseIfNeeded(s: string): string {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c >= 97 && c <= 122) return s.toUpperCase()
  }
  return s
}
