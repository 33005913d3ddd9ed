import { useSyncExternalStore, type AnchorHTMLAttributes, type MouseEvent, type ReactNode } from 'react'

/**
 * A history router in a few lines: the URL is the state. The server answers every non-/api path with index.html,
 * so deep links and reloads work.
 */
const listeners = new Set<() => void>()
const notify = () => listeners.forEach((l) => l())

if (typeof window !== 'undefined') window.addEventListener('popstate', notify)

function subscribe(l: () => void): () => void {
  listeners.add(l)
  return () => listeners.delete(l)
}

const snapshot = () => `${window.location.pathname}${window.location.search}`

export function navigate(to: string, opts: { replace?: boolean } = {}): void {
  if (to === snapshot()) return
  window.history[opts.replace ? 'replaceState' : 'pushState'](null, '', to)
  window.scrollTo?.(0, 0)
  notify()
}

export interface Location {
  pathname: string
  search: string
  query: URLSearchParams
}

export function useLocation(): Location {
  const href = useSyncExternalStore(subscribe, snapshot, () => '/')
  const i = href.indexOf('?')
  const pathname = i < 0 ? href : href.slice(0, i)
  const search = i < 0 ? '' : href.slice(i)
  return { pathname, search, query: new URLSearchParams(search) }
}

/** Replaces some query parameters of the current URL (filters, paging), keeping the rest; empty values drop. */
export function setQuery(patch: Record<string, string | number | null | undefined>, opts: { replace?: boolean } = { replace: true }): void {
  const q = new URLSearchParams(window.location.search)
  for (const [k, v] of Object.entries(patch)) {
    if (v === undefined || v === null || v === '') q.delete(k)
    else q.set(k, String(v))
  }
  const s = q.toString()
  navigate(`${window.location.pathname}${s ? `?${s}` : ''}`, opts)
}

/** `/catalog/:itemKey` against `/catalog/administrative_penalty` → { itemKey: 'administrative_penalty' }. */
export function matchPath(pattern: string, pathname: string): Record<string, string> | null {
  const p = pattern.split('/').filter(Boolean)
  const s = pathname.replace(/\/+$/, '').split('/').filter(Boolean)
  if (p.length !== s.length) return null
  const params: Record<string, string> = {}
  for (let i = 0; i < p.length; i++) {
    const seg = p[i]!
    if (seg.startsWith(':')) params[seg.slice(1)] = decodeURIComponent(s[i]!)
    else if (seg !== s[i]) return null
  }
  return params
}

export function Link({ to, children, ...rest }: { to: string; children: ReactNode } & Omit<AnchorHTMLAttributes<HTMLAnchorElement>, 'href'>) {
  const onClick = (e: MouseEvent<HTMLAnchorElement>) => {
    rest.onClick?.(e)
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey || rest.target) return
    e.preventDefault()
    navigate(to)
  }
  return (
    <a {...rest} href={to} onClick={onClick}>
      {children}
    </a>
  )
}

/** onClick for an antd Button with an href: a real link (new tab works), navigated in-app on a plain click. */
export function linkClick(to: string) {
  return (e: MouseEvent<HTMLElement>) => {
    if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return
    e.preventDefault()
    navigate(to)
  }
}
