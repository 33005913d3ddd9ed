import type { Readable } from 'node:stream'
import { RepairErrors } from './repair.errors.js'

/** Bounds on a case's attachments: small proofs, not archives. */
export const ATTACHMENT_LIMITS = { bytes: 5 * 1024 * 1024, perCase: 10, nameLength: 120 } as const

/** The media types taken, told by their first bytes, never by the name or the client's Content-Type. */
export function sniffMediaType(head: Uint8Array): 'application/pdf' | 'image/png' | 'image/jpeg' | null {
  const b = head
  if (b.length >= 5 && b[0] === 0x25 && b[1] === 0x50 && b[2] === 0x44 && b[3] === 0x46 && b[4] === 0x2d) return 'application/pdf' // %PDF-
  if (b.length >= 8 && b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47 && b[4] === 0x0d && b[5] === 0x0a && b[6] === 0x1a && b[7] === 0x0a) return 'image/png'
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg'
  return null
}

/**
 * A file name safe to keep and to send back in Content-Disposition: the last path part, without control characters,
 * quotes or separators, at most 120 characters.
 */
export function safeFileName(name: string): string {
  const last = name.split(/[\\/]/).pop() ?? ''
  // eslint-disable-next-line no-control-regex
  const clean = last.replace(/[\u0000-\u001f\u007f"<>|:*?]/g, '').trim().slice(0, ATTACHMENT_LIMITS.nameLength)
  return clean || 'attachment'
}

/**
 * Reads an upload's stream into memory up to the limit, refusing at the first byte past it (the stream is drained
 * and dropped, never held whole). Returns the bytes and their sniffed type.
 */
export async function readAttachment(stream: Readable, name: string, limit: number = ATTACHMENT_LIMITS.bytes): Promise<{ content: Buffer; mediaType: string }> {
  const parts: Buffer[] = []
  let size = 0
  let tooLarge = false
  for await (const chunk of stream) {
    const c = chunk as Buffer
    size += c.length
    if (size > limit) tooLarge = true
    if (!tooLarge) parts.push(c)
  }
  if (tooLarge || (stream as { truncated?: boolean }).truncated) throw RepairErrors.ATTACHMENT_TOO_LARGE(`${Math.floor(limit / 1024 / 1024)} MB`)
  const content = Buffer.concat(parts)
  const mediaType = sniffMediaType(content.subarray(0, 8))
  if (!mediaType) throw RepairErrors.ATTACHMENT_TYPE(safeFileName(name))
  return { content, mediaType }
}
