/** The most one evidence file may be, and how many a claim may list: the API's own bounds (FileClaimBody). */
export const MAX_EVIDENCE_FILE_BYTES = 50 * 1024 * 1024
export const MAX_EVIDENCE_FILES = 20

export interface EvidenceMeta {
  name: string
  mediaType: string
  sizeBytes: number
  sha256: string
}

/** Lower-case hex of some bytes. */
export function hex(bytes: ArrayBuffer): string {
  return [...new Uint8Array(bytes)].map((b) => b.toString(16).padStart(2, '0')).join('')
}

/**
 * A file's evidence entry, hashed in the browser: the file stays with the institution, and the claim carries the
 * SHA-256 that binds it to the file shown later to the reviewer.
 */
export async function evidenceOf(file: File): Promise<EvidenceMeta> {
  const digest = await crypto.subtle.digest('SHA-256', await file.arrayBuffer())
  const mediaType = /^[a-z]+\/[a-z0-9.+-]+$/.test(file.type) ? file.type : 'application/octet-stream'
  return { name: file.name.slice(0, 200), mediaType, sizeBytes: file.size, sha256: hex(digest) }
}
