/**
 * Turns a code as a person typed or pasted it into the canonical form the registry validators check.
 *
 * Why: codes reach the hub from spreadsheets, web forms and Chinese IMEs, which often produce
 * full-width characters ('９１６４…', 'Ｘ'), stray spaces (including the ideographic space U+3000)
 * and lower-case letters. None of these change the identity of the code, so rejecting them would
 * only create noise for operators. Characters inside the code are never removed: a space in the
 * middle is a data-entry problem the validators should report, not silently repair.
 *
 * Steps: full-width ASCII (U+FF01–U+FF5E) → half-width, trim (the JS trim also removes U+3000),
 * upper-case.
 */
export function normalizeCodeInput(input: string): string {
  const halfWidth = input.replace(/[\uFF01-\uFF5E]/g, (ch) =>
    String.fromCharCode(ch.charCodeAt(0) - 0xfee0),
  )
  return halfWidth.trim().toUpperCase()
}
