import { Transform } from 'node:stream'
import { IngestErrors } from '../ingest.errors.js'

export type TextEncodingName = 'utf8' | 'gb18030'

const ALIASES: Record<string, TextEncodingName> = {
  utf8: 'utf8', 'utf-8': 'utf8', 'utf8-bom': 'utf8',
  gb18030: 'gb18030', gbk: 'gb18030', gb2312: 'gb18030', cp936: 'gb18030',
}

export function encodingFromFlag(flag: string): TextEncodingName {
  const e = ALIASES[flag.toLowerCase()]
  if (!e) throw IngestErrors.ENCODING(flag)
  return e
}

/**
 * Guesses the encoding of a file from its first bytes: a UTF-8 BOM or valid UTF-8 means UTF-8, anything else is
 * read as GB18030 (a superset of GBK and GB2312, which is what Chinese Excel and government systems export).
 */
export function detectEncoding(sample: Buffer): TextEncodingName {
  if (sample.length >= 3 && sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf) return 'utf8'
  // Cut back to a character boundary so that a multi-byte character split by the sample is not taken as invalid.
  let end = sample.length
  for (let back = 0; back < 4 && end > 0; back++) {
    const b = sample[end - 1]!
    if ((b & 0xc0) === 0x80) end--
    else {
      if (b >= 0xc0) end--
      break
    }
  }
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(sample.subarray(0, end))
    return 'utf8'
  } catch {
    return 'gb18030'
  }
}

/** A stream that decodes bytes to text; multi-byte characters split across chunks are handled by the decoder. */
export function decodingStream(encoding: TextEncodingName): Transform {
  const decoder = new TextDecoder(encoding === 'utf8' ? 'utf-8' : 'gb18030', { ignoreBOM: false })
  return new Transform({
    readableObjectMode: false,
    decodeStrings: true,
    transform(chunk: Buffer, _enc, cb) {
      cb(null, decoder.decode(chunk, { stream: true }))
    },
    flush(cb) {
      cb(null, decoder.decode())
    },
  })
}
