/**
 * How much of a personal identifier stays visible: a policy, not code scattered over screens. The default keeps
 * the 6-digit division code and the last four characters (`640102********1234`), the common practice of Chinese
 * banks and government portals.
 */
export interface MaskingPolicy {
  keepStart: number
  keepEnd: number
  maskChar: string
}

export const DEFAULT_MASKING: MaskingPolicy = { keepStart: 6, keepEnd: 4, maskChar: '*' }

/**
 * @example
 * maskIdentifier('64010219800101123X') // '640102********123X'
 */
export function maskIdentifier(value: string, policy: MaskingPolicy = DEFAULT_MASKING): string {
  const { keepStart, keepEnd, maskChar } = policy
  if (value.length <= keepStart + keepEnd) return maskChar.repeat(value.length)
  return value.slice(0, keepStart) + maskChar.repeat(value.length - keepStart - keepEnd) + value.slice(value.length - keepEnd)
}

/**
 * What looks like a natural person's ID number where the field is unknown (raw rows in the quarantine): the GB
 * 11643 shape with a plausible birth date, so that an all-digit USCC is not taken for one.
 */
export function looksLikePersonalId(value: string): boolean {
  const m = /^\d{6}(19|20)(\d\d)(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])\d{3}[\dXx]$/.exec(value)
  return m !== null || /^\d{6}\d\d(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])\d{3}$/.test(value)
}

/** Two-character surnames, so that 欧阳娜娜 is shown as 欧阳** rather than 欧***. */
const COMPOUND_SURNAMES = new Set(['欧阳', '司马', '上官', '诸葛', '东方', '皇甫', '尉迟', '公孙', '慕容', '令狐', '长孙', '宇文', '司徒', '夏侯', '轩辕', '端木', '南宫', '西门', '独孤', '呼延'])

/**
 * A natural person's name as shown to whoever may not see it whole: the surname kept, every other character masked
 * (PIPL: a name is personal information). Names that are not Chinese keep their first character only.
 *
 * @example
 * maskPersonName('张伟') // '张*'
 * maskPersonName('欧阳娜娜') // '欧阳**'
 */
export function maskPersonName(name: string, maskChar = DEFAULT_MASKING.maskChar): string {
  const chars = [...name.trim()]
  if (chars.length === 0) return ''
  const keep = chars.length > 2 && COMPOUND_SURNAMES.has(chars[0]! + chars[1]!) ? 2 : 1
  return chars.slice(0, keep).join('') + maskChar.repeat(Math.max(1, chars.length - keep))
}
