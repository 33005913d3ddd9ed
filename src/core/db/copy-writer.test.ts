import { describe, expect, it } from 'vitest'
import { copyText, CopyWriter } from './database.js'

const text = (b: Uint8Array) => Buffer.from(b).toString('utf8')

describe('CopyWriter', () => {
  it('writes rows as COPY text in UTF-8, escaped as copyText escapes them', () => {
    const w = new CopyWriter()
    const rows = [
      ['宁夏某某有限公司', 1, null, true],
      ['制表符\t换行\n回车\r反斜杠\\', '', undefined, 0],
    ] as const
    for (const r of rows) w.row(r)
    const expected = rows.map((r) => r.map(copyText).join('\t') + '\n').join('')
    expect(w.size).toBe(Buffer.byteLength(expected))
    expect(text(w.take())).toBe(expected)
  })

  it('grows past its first megabyte without losing a byte, and starts again empty after take', () => {
    const w = new CopyWriter()
    const cell = '宁'.repeat(100_000) // 300,000 bytes in UTF-8
    for (let i = 0; i < 12; i++) w.row([i, cell])
    const first = w.take()
    const rowBytes = Array.from({ length: 12 }, (_, i) => Buffer.byteLength(`${i}\t${cell}\n`))
    expect(first.byteLength).toBe(rowBytes.reduce((a, b) => a + b, 0))
    expect(text(first).split('\n').slice(0, -1).map((l) => l.split('\t')[0])).toEqual(Array.from({ length: 12 }, (_, i) => String(i)))
    expect(w.size).toBe(0)
    w.row(['next'])
    expect(text(w.take())).toBe('next\n')
    // What was taken keeps its bytes: the writer moved on to fresh memory.
    expect(text(first).startsWith('0\t宁宁')).toBe(true)
  })
})
