/**
 * JSON with object keys sorted and `undefined` members left out: the same value always gives the same text, so a
 * hash over it (an audit entry's, a credit report's verification code) does not depend on key order or formatting.
 * Written as loops rather than entries/filter/map: every audit entry is hashed on the query path, and the text must
 * stay byte for byte what it has always been, or the stored chain would no longer verify.
 *
 * @example
 * canonicalJson({ b: 1, a: [true, null] }) // '{"a":[true,null],"b":1}'
 */
export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return 'null'
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value)
    case 'number':
      return Number.isFinite(value) ? JSON.stringify(value) : 'null'
    case 'object':
      break
    default:
      return JSON.stringify(value)
  }
  if (Array.isArray(value)) {
    let out = '['
    for (let i = 0; i < value.length; i++) {
      if (i) out += ','
      // A hole stays empty, as `map` + `join` left it.
      if (i in value) out += canonicalJson(value[i])
    }
    return out + ']'
  }
  if (value instanceof Date) return JSON.stringify(value.toISOString())
  const obj = value as Record<string, unknown>
  // The default sort compares UTF-16 code units, as `<` on strings does.
  const keys = Object.keys(obj).sort()
  let out = '{'
  let first = true
  for (const k of keys) {
    const v = obj[k]
    if (v === undefined) continue
    if (!first) out += ','
    first = false
    out += JSON.stringify(k) + ':' + canonicalJson(v)
  }
  return out + '}'
}
