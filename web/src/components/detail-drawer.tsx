import type { ReactNode } from 'react'
import { Descriptions, Drawer, Flex, Skeleton, type DescriptionsProps } from 'antd'
import type { Async } from '../hooks'
import { ErrorAlert } from './page'

/**
 * A drawer showing one thing loaded by `useApi`: its error with a retry, a skeleton while it first loads, then its
 * facts as a bordered one-column table and whatever else `children` adds below (cards, buttons). Grants and
 * subjects open this way from their lists.
 */
export function DetailDrawer<T>({ open, title, size, state, facts, children, onClose }: {
  open: boolean
  title: ReactNode
  size: number
  state: Async<T | undefined>
  facts(d: T): DescriptionsProps['items']
  children?(d: T): ReactNode
  onClose(): void
}) {
  const d = state.data
  return (
    <Drawer open={open} onClose={onClose} title={title} size={size} destroyOnHidden>
      <ErrorAlert error={state.error} onRetry={state.reload} />
      {!d && state.loading && <Skeleton active />}
      {d && (
        <Flex vertical gap={16}>
          <Descriptions bordered size="small" column={1} items={facts(d)} />
          {children?.(d)}
        </Flex>
      )}
    </Drawer>
  )
}
