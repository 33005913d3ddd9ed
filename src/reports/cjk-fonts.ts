import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { ReportErrors } from './report.errors.js'

/** A face inside a font file: collections (.ttc) hold several, picked by PostScript name. */
export interface FontFace {
  path: string
  postscriptName: string
}

const NOTO = '/usr/share/fonts/opentype/noto'

/** 宋体-like serif for the body, 黑体-like sans for headings: the convention of Chinese official documents. */
const BODY: FontFace[] = [
  { path: `${NOTO}/NotoSerifCJK-Regular.ttc`, postscriptName: 'NotoSerifCJKsc-Regular' },
  { path: `${NOTO}/NotoSansCJK-Regular.ttc`, postscriptName: 'NotoSansCJKsc-Regular' },
]
const HEADING: FontFace[] = [
  { path: `${NOTO}/NotoSansCJK-Bold.ttc`, postscriptName: 'NotoSansCJKsc-Bold' },
  { path: `${NOTO}/NotoSerifCJK-Bold.ttc`, postscriptName: 'NotoSerifCJKsc-Bold' },
]

/** Asks fontconfig where a family lives, for machines that keep Debian's fonts elsewhere. */
function fromFontconfig(pattern: string): FontFace | undefined {
  try {
    const out = execFileSync('fc-match', ['-f', '%{file}\n%{postscriptname}', pattern], { encoding: 'utf8', timeout: 5000 })
    const [path, postscriptName] = out.split('\n')
    if (path && postscriptName && existsSync(path) && /CJK/i.test(postscriptName)) return { path, postscriptName }
  } catch {
    // fontconfig missing: the caller reports the missing font.
  }
  return undefined
}

let cached: { body: FontFace & { data: Buffer }; heading: FontFace & { data: Buffer } } | undefined

/**
 * The CJK fonts of Debian's fonts-noto-cjk package (installed by scripts/ensure-system.sh), read once and kept:
 * parsing a 20 MB font collection is the slow part of making a PDF.
 *
 * @example
 * const { body, heading } = cjkFonts()
 * doc.registerFont('body', body.data, body.postscriptName)
 */
export function cjkFonts(): { body: FontFace & { data: Buffer }; heading: FontFace & { data: Buffer } } {
  if (cached) return cached
  const body = BODY.find((f) => existsSync(f.path)) ?? fromFontconfig('Noto Serif CJK SC:style=Regular') ?? fromFontconfig('Noto Sans CJK SC:style=Regular')
  if (!body) throw ReportErrors.FONT_MISSING()
  const heading = HEADING.find((f) => existsSync(f.path)) ?? fromFontconfig('Noto Sans CJK SC:style=Bold') ?? body
  const bodyData = readFileSync(body.path)
  cached = {
    body: { ...body, data: bodyData },
    heading: { ...heading, data: heading.path === body.path ? bodyData : readFileSync(heading.path) },
  }
  return cached
}
