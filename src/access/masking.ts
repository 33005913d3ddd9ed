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
