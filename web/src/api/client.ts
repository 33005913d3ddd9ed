import type { Problem } from './types'
import { fillPath, type DeleteRoutes, type DownloadRoutes, type GetRoutes, type ParamsOf, type PostRoutes, type PutRoutes, type UploadRoutes } from './routes'
import { t } from '../i18n'
import { localizeTimes } from '../format'

/**
 * An API failure, carrying the server's Chinese `detail` (what the UI shows) and its code. Never shown raw:
 * `errorMessage(err)` gives the one line a person reads.
 */
export class ApiError extends Error {
  readonly status: number
  readonly code: string
  readonly detail: string
  readonly detailEn: string | undefined
  readonly errors: unknown
  constructor(status: number, problem: Partial<Problem>) {
    const detail = problem.detail || problem.title || t('common.unknownError')
    super(detail)
    this.name = 'ApiError'
    this.status = status
    this.code = problem.code ?? `HTTP_${status}`
    this.detail = detail
    this.detailEn = problem.detail_en
    this.errors = problem.errors
  }
}

export const isUnauthorized = (err: unknown): boolean => err instanceof ApiError && err.status === 401

/**
 * The one line to show for any failure: the server's Chinese detail (its ISO timestamps read out as local
 * date-times), or a plain Chinese sentence.
 */
export function errorMessage(err: unknown): string {
  if (err instanceof ApiError) return localizeTimes(err.detail)
  if (err instanceof DOMException && err.name === 'AbortError') return ''
  if (err instanceof TypeError) return t('common.networkError')
  return t('common.unknownError')
}

type Query = Record<string, string | number | boolean | null | undefined>

export function withQuery(path: string, query?: Query): string {
  if (!query) return path
  const qs = new URLSearchParams()
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') qs.set(k, String(v))
  const s = qs.toString()
  return s ? `${path}${path.includes('?') ? '&' : '?'}${s}` : path
}

/** Where the user is now, to come back to after logging in again. */
export function currentPath(): string {
  return `${window.location.pathname}${window.location.search}`
}

export function loginUrl(next = currentPath()): string {
  return next && next !== '/' && !next.startsWith('/login') ? `/login?next=${encodeURIComponent(next)}` : '/login'
}

let onUnauthorized: (err: ApiError) => void = () => {
  window.location.assign(loginUrl())
}

/** The app replaces the default (a full page load of /login) with an in-app navigation that keeps state. */
export function setUnauthorizedHandler(fn: (err: ApiError) => void): void {
  onUnauthorized = fn
}

export interface RequestOptions {
  query?: Query
  signal?: AbortSignal
  /** Do not send the user to /login on 401 (the login call itself; the initial "who am I"). */
  noAuthRedirect?: boolean
  /** Statuses whose JSON body is a normal answer rather than an error (422 of a resubmission). */
  accept?: number[]
}

async function problemOf(res: Response): Promise<Partial<Problem>> {
  const type = res.headers.get('content-type') ?? ''
  if (type.includes('json')) {
    try {
      const body = (await res.json()) as unknown
      if (body && typeof body === 'object') return body as Partial<Problem>
    } catch {
      /* not JSON after all */
    }
  }
  return { status: res.status, title: res.statusText, detail: res.status >= 500 ? t('common.unknownError') : `${t('common.loadFailed')}（HTTP ${res.status}）` }
}

function fail(status: number, problem: Partial<Problem>, opts: RequestOptions | undefined): never {
  const err = new ApiError(status, problem)
  if (status === 401 && !opts?.noAuthRedirect) onUnauthorized(err)
  throw err
}

async function request<T>(method: string, path: string, body: unknown, opts?: RequestOptions): Promise<T> {
  const init: RequestInit = { method, credentials: 'same-origin', headers: { accept: 'application/json' }, ...(opts?.signal ? { signal: opts.signal } : {}) }
  if (body !== undefined) {
    init.headers = { ...init.headers, 'content-type': 'application/json' }
    init.body = JSON.stringify(body)
  }
  const res = await fetch(withQuery(path, opts?.query), init)
  if (!res.ok && !opts?.accept?.includes(res.status)) fail(res.status, await problemOf(res), opts)
  if (res.status === 204) return undefined as T
  return (await res.json()) as T
}

/** A call's options, with `params` for the path's placeholders (required when it has some). */
type Opts<P extends string, Extra = object> = RequestOptions & ParamsOf<P> & Extra
/** The options argument: optional when the path has no placeholders. */
type OptsArg<P extends string, Extra = object> = ParamsOf<P> extends { params: unknown } ? [opts: Opts<P, Extra>] : [opts?: Opts<P, Extra>]

/**
 * The API, one method per HTTP verb: the path is a template of ./routes.ts and decides the answer's type.
 *
 * @example
 * const s = await api.get('/api/subjects/{code}', { params: { code }, signal }) // SubjectDetail
 */
export const api = {
  get: <P extends keyof GetRoutes>(path: P, ...[opts]: OptsArg<P>) =>
    request<GetRoutes[P]>('GET', fillPath(path, opts?.params), undefined, opts),
  post: <P extends keyof PostRoutes>(path: P, body?: unknown, ...[opts]: OptsArg<P>) =>
    request<PostRoutes[P]>('POST', fillPath(path, opts?.params), body ?? {}, opts),
  put: <P extends keyof PutRoutes>(path: P, body?: unknown, ...[opts]: OptsArg<P>) =>
    request<PutRoutes[P]>('PUT', fillPath(path, opts?.params), body ?? {}, opts),
  del: <P extends keyof DeleteRoutes>(path: P, ...[opts]: OptsArg<P>) =>
    request<DeleteRoutes[P]>('DELETE', fillPath(path, opts?.params), undefined, opts),

  /** Fetches a file (a template, an export) and hands it to the browser as a download; errors as ApiError. */
  async download<P extends keyof DownloadRoutes>(path: P, opts: Opts<P, { filename: string }>): Promise<string> {
    const res = await fetch(withQuery(fillPath(path, opts.params), opts.query), { credentials: 'same-origin', ...(opts.signal ? { signal: opts.signal } : {}) })
    if (!res.ok) fail(res.status, await problemOf(res), opts)
    const name = filenameOf(res.headers.get('content-disposition')) ?? opts.filename
    const url = URL.createObjectURL(await res.blob())
    const a = document.createElement('a')
    a.href = url
    a.download = name
    document.body.appendChild(a)
    a.click()
    a.remove()
    setTimeout(() => URL.revokeObjectURL(url), 10_000)
    return name
  },

  /**
   * Uploads a file as multipart field `file` with upload progress (fetch cannot report it, so XMLHttpRequest).
   * `onProgress` gets 0–100 while the bytes go up; the promise settles when the server has processed the file.
   */
  upload<P extends keyof UploadRoutes>(path: P, file: File, opts: Opts<P, { onProgress?: (percent: number) => void }>): Promise<UploadRoutes[P]> {
    type T = UploadRoutes[P]
    return new Promise<T>((resolve, reject) => {
      const xhr = new XMLHttpRequest()
      xhr.open('POST', withQuery(fillPath(path, opts.params), opts.query))
      xhr.withCredentials = true
      xhr.setRequestHeader('accept', 'application/json')
      xhr.upload.onprogress = (e) => {
        if (e.lengthComputable) opts.onProgress?.(Math.min(100, Math.round((e.loaded / e.total) * 100)))
      }
      xhr.upload.onload = () => opts.onProgress?.(100)
      xhr.onerror = () => reject(new TypeError('network'))
      xhr.onabort = () => reject(new DOMException('aborted', 'AbortError'))
      xhr.onload = () => {
        let body: unknown
        try {
          body = xhr.responseText ? JSON.parse(xhr.responseText) : undefined
        } catch {
          body = undefined
        }
        if (xhr.status >= 200 && xhr.status < 300) return resolve(body as T)
        const problem = body && typeof body === 'object' ? (body as Partial<Problem>) : { detail: `${t('common.loadFailed')}（HTTP ${xhr.status}）` }
        try {
          fail(xhr.status, problem, opts)
        } catch (err) {
          reject(err)
        }
      }
      opts.signal?.addEventListener('abort', () => xhr.abort())
      const form = new FormData()
      form.append('file', file, file.name)
      xhr.send(form)
    })
  },
}

/** The file name a server suggested: RFC 6266 filename* (UTF-8, so Chinese names survive) over filename. */
export function filenameOf(disposition: string | null): string | undefined {
  if (!disposition) return undefined
  const star = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(disposition)
  if (star?.[1]) {
    try {
      return decodeURIComponent(star[1].trim())
    } catch {
      /* fall through */
    }
  }
  const plain = /filename\s*=\s*"?([^";]+)"?/i.exec(disposition)
  return plain?.[1]?.trim()
}
