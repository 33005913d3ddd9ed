import { isSealed, seal, unseal } from '../core/crypto.js'
import { maskIdentifier, PERSONAL_ID_SHAPE } from '../access/masking.js'

/** An ID-number-shaped run of characters inside longer text (a raw CSV line, a line that is not JSON). */
const EMBEDDED_ID = /(?<![0-9A-Za-z])(?:\d{17}[\dXx]|\d{15})(?![0-9A-Za-z])/g
/** A sealed value inside longer text: `sm4:` and base64. */
const EMBEDDED_SEALED = /sm4:[A-Za-z0-9+/]+={0,2}/g

function sealValue(v: unknown, key: Buffer): unknown {
  if (typeof v === 'number') return PERSONAL_ID_SHAPE.test(String(v)) ? seal(key, String(v)) : v
  if (typeof v === 'string') {
    const s = v.trim()
    if (PERSONAL_ID_SHAPE.test(s)) return seal(key, s)
    return s.length >= 15 ? v.replace(EMBEDDED_ID, (id) => seal(key, id)) : v
  }
  if (Array.isArray(v)) return v.map((e) => sealValue(e, key))
  if (v && typeof v === 'object') return sealPersonalIds(v as Record<string, unknown>, key)
  return v
}

/**
 * Rejected rows keep what was sent, but natural persons' ID numbers are sealed there too: a cell that is one, and
 * one inside longer text (the raw line of a row that could not be parsed), at any depth of a JSON record.
 */
export function sealPersonalIds(raw: Record<string, unknown>, key: Buffer): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(raw)) out[k] = sealValue(v, key)
  return out
}

function maskValue(v: unknown, key: Buffer): unknown {
  if (isSealed(v)) return maskIdentifier(unseal(key, v))
  if (typeof v === 'string') {
    if (!v.includes('sm4:')) return v
    return v.replace(EMBEDDED_SEALED, (token) => {
      try {
        return maskIdentifier(unseal(key, token))
      } catch {
        return token
      }
    })
  }
  if (Array.isArray(v)) return v.map((e) => maskValue(e, key))
  if (v && typeof v === 'object') return maskSealedIds(v as Record<string, unknown>, key)
  return v
}

/** A quarantined row as people see it: every sealed ID number shown masked (`640104********1234`). */
export function maskSealedIds(raw: Record<string, unknown>, key: Buffer): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(raw)) out[k] = maskValue(v, key)
  return out
}
