import { seal, unseal } from '../core/index.js'
import { maskIdentifier, looksLikePersonalId } from '../access/index.js'

/** An ID-number-shaped run of characters inside longer text (a raw CSV line, a line that is not JSON). */
const EMBEDDED_ID = /(?<![0-9A-Za-z])(?:\d{17}[\dXx]|\d{15})(?![0-9A-Za-z])/g
/** A sealed value inside longer text: `sm4:` and base64. */
const EMBEDDED_SEALED = /sm4:[A-Za-z0-9+/]+={0,2}/g

function sealValue(v: unknown, key: Buffer): unknown {
  if (typeof v === 'number') return looksLikePersonalId(String(v)) ? seal(key, String(v)) : v
  if (typeof v === 'string') {
    const s = v.trim()
    if (looksLikePersonalId(s)) return seal(key, s)
    return s.length >= 15 ? v.replace(EMBEDDED_ID, (id) => (looksLikePersonalId(id) ? seal(key, id) : id)) : v
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

/** Replaces each sealed value in text (the whole text, or a part of it) by what `shown` makes of its plain text. */
function replaceSealed(text: string, key: Buffer, shown: (plain: string) => string): string {
  return text.replace(EMBEDDED_SEALED, (token) => {
    try {
      return shown(unseal(key, token))
    } catch {
      return token
    }
  })
}

/** Text with its sealed ID numbers masked, as the quarantine shows it. */
export function maskSealedText(text: string, key: Buffer): string {
  return text.includes('sm4:') ? replaceSealed(text, key, (plain) => maskIdentifier(plain)) : text
}

/** Text with its sealed ID numbers opened again, as it was sent. */
export function unsealText(text: string, key: Buffer): string {
  return text.includes('sm4:') ? replaceSealed(text, key, (plain) => plain) : text
}

function maskValue(v: unknown, key: Buffer): unknown {
  if (typeof v === 'string') return maskSealedText(v, key)
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
