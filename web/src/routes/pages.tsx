import { lazy, type ComponentType, type LazyExoticComponent } from 'react'
import type { Screen, ScreenId } from './registry'

export interface PageProps {
  params: Record<string, string>
  screen: Screen
}

type Page = LazyExoticComponent<ComponentType<PageProps>>

const placeholder: Page = lazy(() => import('./access/under-construction-page'))

/** Each screen's component, loaded when first opened (antd screens and ECharts stay out of the login bundle). */
export const PAGES: Record<ScreenId, Page> = {
  catalog: lazy(() => import('./catalog/catalog-page')),
  catalogItem: lazy(() => import('./catalog/item-page')),
  providers: lazy(() => import('./ingest/providers-page')),
  upload: lazy(() => import('./ingest/upload-page')),
  templates: lazy(() => import('./ingest/templates-page')),
  batches: lazy(() => import('./ingest/batches-page')),
  quarantine: lazy(() => import('./ingest/quarantine-page')),
  quality: lazy(() => import('./quality/quality-page')),
  subjects: lazy(() => import('./subjects/subjects-page')),
  // The enterprise / institution contexts: replace each with its page when its API is there.
  grants: placeholder,
  profile: placeholder,
  verify: placeholder,
  reports: placeholder,
  audit: placeholder,
}
