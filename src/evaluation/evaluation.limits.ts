/** Largest indicator-system text the operator may submit (the bundled one is about 40 KB). */
export const MAX_SYSTEM_BYTES = 256 * 1024
