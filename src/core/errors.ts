/**
 * One error type for the whole product. `type` decides the HTTP status; `code` is stable and documented in
 * docs/errors.md; messages are Chinese first, with English beside them for the providers' engineers.
 */
export type ErrorType = 'invalid_data' | 'not_found' | 'not_allowed' | 'unauthorized' | 'conflict' | 'unexpected_state'
  /** More than the server takes in one request (413). */
  | 'too_large'
  /** Too many attempts in a short time (429). */
  | 'throttled'
  /** A body the route does not read (415). */
  | 'unsupported_media'
  /** What the request points at existed once and is no longer kept (410): a feed cursor older than retention. */
  | 'gone'

export class AppError extends Error {
  constructor(
    readonly code: string,
    readonly type: ErrorType,
    readonly zh: string,
    readonly en: string,
    readonly details?: unknown,
  ) {
    super(`${zh} / ${en}`)
    this.name = 'AppError'
  }
}

interface ErrorSpec {
  type: ErrorType
  zh: string
  en: string
}

type ErrorFactory = (...args: Array<string | number>) => AppError

/** Replaces %s placeholders in order. */
function fill(template: string, args: Array<string | number>): string {
  let i = 0
  return template.replace(/%s/g, () => String(args[i++] ?? ''))
}

/**
 * Declares a module's error catalogue. Codes get the module prefix.
 *
 * @example
 * const CatalogErrors = defineErrors('CATALOG', {
 *   ITEM_NOT_FOUND: { type: 'not_found', zh: '信息项不存在：%s', en: 'no such item: %s' },
 * })
 * throw CatalogErrors.ITEM_NOT_FOUND('tax_payment')
 */
export function defineErrors<K extends string>(prefix: string, specs: Record<K, ErrorSpec>): Record<K, ErrorFactory> & { readonly specs: Record<string, ErrorSpec> } {
  const out = {} as Record<K, ErrorFactory>
  const all: Record<string, ErrorSpec> = {}
  for (const key of Object.keys(specs) as K[]) {
    const spec = specs[key]
    const code = `${prefix}_${key}`
    all[code] = spec
    out[key] = (...args) => new AppError(code, spec.type, fill(spec.zh, args), fill(spec.en, args))
  }
  return Object.assign(out, { specs: all })
}

export const HTTP_STATUS: Record<ErrorType, number> = {
  invalid_data: 400,
  unauthorized: 401,
  not_allowed: 403,
  not_found: 404,
  conflict: 409,
  unexpected_state: 500,
  too_large: 413,
  throttled: 429,
  unsupported_media: 415,
  gone: 410,
}
