import { describe, expect, it } from 'vitest'
import { evidenceOf } from './evidence'

describe('claim evidence', () => {
  it('hashes a file with SHA-256 and keeps its name, type and size', async () => {
    const file = new File([new TextEncoder().encode('abc')], '损失认定书.pdf', { type: 'application/pdf' })
    expect(await evidenceOf(file)).toEqual({
      name: '损失认定书.pdf', mediaType: 'application/pdf', sizeBytes: 3,
      sha256: 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    })
  })

  it('names an unknown type as a plain binary file', async () => {
    expect((await evidenceOf(new File(['x'], 'scan.xyz'))).mediaType).toBe('application/octet-stream')
  })
})
