import { createCipheriv, createDecipheriv, createHash, createHmac, randomFillSync } from 'node:crypto'

/**
 * National cryptography (GM/T) from Node's own OpenSSL: SM3 for hashes, SM4 for sealing personal identifiers.
 */
export function sm3(data: string | Buffer): string {
  return createHash('sm3').update(data).digest('hex')
}

export function hmacSm3(key: Buffer, data: string): string {
  return createHmac('sm3', key).update(data).digest('hex')
}

const SEALED_PREFIX = 'sm4:'

// IVs come from the CSPRNG a few hundred at a time: one system call per IV cost more than the SM4 itself when a
// batch seals a million ID numbers. Each IV is still fresh random bytes, never reused.
const ivPool = Buffer.alloc(16 * 256)
let ivAt = ivPool.length

function freshIv(): Buffer {
  if (ivAt === ivPool.length) {
    randomFillSync(ivPool)
    ivAt = 0
  }
  ivAt += 16
  return ivPool.subarray(ivAt - 16, ivAt)
}

/** Seals a value with SM4-CBC and a fresh IV; the output is text so it can live inside a JSON record. */
export function seal(key: Buffer, plain: string): string {
  const iv = freshIv()
  const cipher = createCipheriv('sm4-cbc', key, iv)
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()])
  return SEALED_PREFIX + Buffer.concat([iv, body]).toString('base64')
}

export function isSealed(value: unknown): value is string {
  return typeof value === 'string' && value.startsWith(SEALED_PREFIX)
}

export function unseal(key: Buffer, sealed: string): string {
  const raw = Buffer.from(sealed.slice(SEALED_PREFIX.length), 'base64')
  const decipher = createDecipheriv('sm4-cbc', key, raw.subarray(0, 16))
  return Buffer.concat([decipher.update(raw.subarray(16)), decipher.final()]).toString('utf8')
}
