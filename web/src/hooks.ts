import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore, type DependencyList } from 'react'
import type { TablePaginationConfig } from 'antd'
import { api } from './api/client'
import { formatCount } from './format'
import { t } from './i18n'
import { setQuery } from './router'
import type { Catalog, CatalogItemDetail, CatalogItemSummary, GrantNotification, QualityRow } from './api/types'

export interface Async<T> {
  data: T | undefined
  error: unknown
  loading: boolean
  reload(): void
}

/**
 * Runs an API call when its inputs change; an older answer arriving late never overwrites a newer one.
 * Errors are kept for the screen to show (see ErrorAlert), never thrown into React.
 */
export function useApi<T>(fn: (signal: AbortSignal) => Promise<T>, deps: DependencyList): Async<T> {
  const [state, setState] = useState<{ data: T | undefined; error: unknown; loading: boolean }>({ data: undefined, error: undefined, loading: true })
  const [tick, setTick] = useState(0)
  const fnRef = useRef(fn)
  fnRef.current = fn
  useEffect(() => {
    const ctl = new AbortController()
    setState((s) => ({ ...s, loading: true, error: undefined }))
    fnRef.current(ctl.signal).then(
      (data) => !ctl.signal.aborted && setState({ data, error: undefined, loading: false }),
      (error: unknown) => !ctl.signal.aborted && setState((s) => ({ data: s.data, error, loading: false })),
    )
    return () => ctl.abort()
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, tick])
  const reload = useCallback(() => setTick((n) => n + 1), [])
  return { ...state, reload }
}

let catalogPromise: Promise<Catalog> | undefined

/** The current sharing list, fetched once per page load (it changes only when the operator publishes a version). */
export function useCatalog(): Async<Catalog> {
  return useApi(() => {
    catalogPromise ??= api.get('/api/catalog').catch((err: unknown) => {
      catalogPromise = undefined
      throw err
    })
    return catalogPromise
  }, [])
}

/** Item key → item (with its category), for showing names where the API gives keys. */
export function itemIndex(catalog: Catalog | undefined): Map<string, CatalogItemSummary & { categoryName: string; categoryNo: number | undefined }> {
  const m = new Map<string, CatalogItemSummary & { categoryName: string; categoryNo: number | undefined }>()
  for (const c of catalog?.categories ?? []) for (const i of c.items) m.set(i.key, { ...i, categoryName: c.name, categoryNo: c.no })
  return m
}

/** Units the list names collectively; they are not one provider. */
export const COLLECTIVE_UNITS = new Set(['各有关部门（单位）', '各市、县（区）'])

/** Every provider the hub knows of: the list's responsible units plus any that delivered (from the quality report). */
export function providerNames(catalog: Catalog | undefined, quality: QualityRow[] | undefined): string[] {
  const set = new Set<string>()
  for (const c of catalog?.categories ?? []) for (const i of c.items) for (const u of i.responsibleUnits) if (!COLLECTIVE_UNITS.has(u)) set.add(u)
  for (const r of quality ?? []) set.add(r.provider)
  return [...set].sort((a, b) => a.localeCompare(b, 'zh-CN'))
}

/** Polls while `active`: every `ms` milliseconds, and not again until the previous call has settled. */
export function usePolling(active: boolean, ms: number, fn: () => Promise<void>): void {
  const fnRef = useRef(fn)
  fnRef.current = fn
  useEffect(() => {
    if (!active) return
    let stopped = false
    let timer: ReturnType<typeof setTimeout>
    const loop = async () => {
      try {
        await fnRef.current()
      } catch {
        /* the next round tries again; a 401 has already sent the user to /login */
      }
      if (!stopped) timer = setTimeout(loop, ms)
    }
    timer = setTimeout(loop, ms)
    return () => {
      stopped = true
      clearTimeout(timer)
    }
  }, [active, ms])
}

/** All provider names, for the operator's and supervisor's filters (a provider sees only its own data anyway). */
export function useProviders(enabled: boolean): string[] {
  const catalog = useCatalog()
  const quality = useApi((signal) => (enabled ? api.get('/api/quality', { signal }) : Promise.resolve([] as QualityRow[])), [enabled])
  return useMemo(() => (enabled ? providerNames(catalog.data, quality.data) : []), [enabled, catalog.data, quality.data])
}

export interface Paging {
  page: number
  size: number
  defaultSize: number
  limit: number
  offset: number
}

/** Reads paging from the URL (page, size), so a reload or a shared link shows the same page. */
export function usePaging(query: URLSearchParams, defaultSize = 20): Paging {
  const page = Math.max(1, Number(query.get('page')) || 1)
  const size = Math.min(200, Math.max(5, Number(query.get('size')) || defaultSize))
  return { page, size, defaultSize, limit: size, offset: (page - 1) * size }
}

/**
 * The pagination of a table paged on the server: it shows the total and writes page and size back to the URL,
 * where {@link usePaging} reads them (defaults are left out, so plain links stay plain).
 */
export function serverPagination(paging: Paging, total: number | undefined, opts: { sizeChanger?: boolean } = {}): TablePaginationConfig {
  return {
    current: paging.page,
    pageSize: paging.size,
    total: total ?? 0,
    ...(opts.sizeChanger === false ? {} : { showSizeChanger: true, pageSizeOptions: [10, 20, 50, 100] }),
    showTotal: (n) => t('common.total', { total: formatCount(n) }),
    onChange: (page, size) => setQuery({ page: page > 1 ? page : null, size: size !== paging.defaultSize ? size : null }),
  }
}

const itemDetails = new Map<string, Promise<CatalogItemDetail>>()

/**
 * The catalog's detail of some items (their fields' Chinese names), fetched once per item per page load: for
 * naming fields the API gives as keys (withheld fields, audited fields).
 */
export function useItemDetails(keys: readonly string[]): Map<string, CatalogItemDetail> {
  const wanted = [...new Set(keys)].sort()
  const sig = wanted.join(',')
  const [known, setKnown] = useState<Map<string, CatalogItemDetail>>(new Map())
  useEffect(() => {
    let live = true
    const missing = wanted.filter((k) => !known.has(k))
    if (!missing.length) return
    Promise.allSettled(
      missing.map((k) => {
        let p = itemDetails.get(k)
        if (!p) {
          p = api.get('/api/catalog/items/{itemKey}', { params: { itemKey: k } })
          p.catch(() => itemDetails.delete(k))
          itemDetails.set(k, p)
        }
        return p
      }),
    ).then((results) => {
      if (!live) return
      setKnown((old) => {
        const m = new Map(old)
        for (const r of results) if (r.status === 'fulfilled') m.set(r.value.key, r.value)
        return m
      })
    })
    return () => {
      live = false
    }
  }, [sig]) // eslint-disable-line react-hooks/exhaustive-deps
  return known
}

// Unread notifications (授权申请、批准、拒绝、撤销) of an institution or enterprise: one poller for the whole app,
// shared by the header's bell and the grants screen, refreshed at once after any grant action.
let unread: GrantNotification[] = []
const unreadListeners = new Set<() => void>()
let unreadInFlight: Promise<void> | undefined

export function refreshNotifications(): Promise<void> {
  unreadInFlight ??= api
    .get('/api/notifications', { query: { unread: true, limit: 50 } })
    .then((n) => {
      unread = n
      unreadListeners.forEach((l) => l())
    })
    .finally(() => {
      unreadInFlight = undefined
    })
  return unreadInFlight
}

/** Forgets the unread list (on logout: the next account must not see the previous one's count, even briefly). */
export function resetNotifications(): void {
  unread = []
  unreadListeners.forEach((l) => l())
}

export function useUnreadNotifications(enabled: boolean, pollMs = 30_000): GrantNotification[] {
  const list = useSyncExternalStore(
    (l) => {
      unreadListeners.add(l)
      return () => unreadListeners.delete(l)
    },
    () => unread,
    () => unread,
  )
  useEffect(() => {
    if (enabled) refreshNotifications().catch(() => {})
  }, [enabled])
  usePolling(enabled, pollMs, refreshNotifications)
  return enabled ? list : []
}
