import { describe, expect, it } from 'vitest'
import { hasBrokenQuotes } from './csv-reader.js'

describe('hasBrokenQuotes', () => {
  it.each([
    ['a,b,c'],
    [''],
    ['a,"b"'],
    ['"a","他说""你好""",c'],
    ['"第一行\n第二行",b'],
    ['"a",,"",d\r'],
  ])('accepts well-quoted CSV %j', (text) => {
    expect(hasBrokenQuotes(text)).toBe(false)
  })

  it.each([
    ['"宁夏"金凤商贸有限公司,b'],
    ['a,虚假"宣传,c'],
    ['"a" ,b'],
    ['a,"b'],
  ])('finds the broken quote in %j', (text) => {
    expect(hasBrokenQuotes(text)).toBe(true)
  })
})
