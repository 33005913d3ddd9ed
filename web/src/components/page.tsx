import type { ReactNode } from 'react'
import { Alert, Breadcrumb, Button, Flex, Form, Typography } from 'antd'
import { errorMessage, isUnauthorized } from '../api/client'
import { t } from '../i18n'
import { Link } from '../router'

/** The head of every screen: breadcrumb, title, one line of purpose, actions on the right. */
export function PageHeader(props: { title: ReactNode; description?: ReactNode; extra?: ReactNode; crumbs?: Array<{ title: ReactNode; to?: string }> }) {
  return (
    <div className="page-header">
      {props.crumbs && props.crumbs.length > 0 && (
        <Breadcrumb
          className="page-breadcrumb"
          items={props.crumbs.map((c) => ({ title: c.to ? <Link to={c.to}>{c.title}</Link> : c.title }))}
        />
      )}
      <Flex justify="space-between" align="flex-start" gap={12} wrap>
        <div style={{ minWidth: 0, flex: '1 1 320px' }}>
          <Typography.Title level={3} className="page-title">
            {props.title}
          </Typography.Title>
          {props.description && <Typography.Paragraph type="secondary" className="page-description">{props.description}</Typography.Paragraph>}
        </div>
        {props.extra && <Flex gap={8} wrap>{props.extra}</Flex>}
      </Flex>
    </div>
  )
}

/** A failure, in the server's own Chinese words. A 401 shows nothing: the user is already on the way to /login. */
export function ErrorAlert({ error, onRetry, title }: { error: unknown; onRetry?: () => void; title?: ReactNode }) {
  if (!error || isUnauthorized(error)) return null
  const text = errorMessage(error)
  if (!text) return null
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      style={{ marginBottom: 16 }}
      title={title ?? t('common.loadFailed')}
      description={text}
      action={onRetry ? <Button size="small" onClick={onRetry}>{t('common.retry')}</Button> : undefined}
    />
  )
}

/** The end of a filter bar: search (the form's submit) and reset, which clears what `onReset` names. */
export function FilterActions({ onReset, searchIcon }: { onReset(): void; searchIcon?: ReactNode }) {
  return (
    <Form.Item>
      <Flex gap={8}>
        <Button type="primary" htmlType="submit" icon={searchIcon}>{t('common.search')}</Button>
        <Button onClick={onReset}>{t('common.reset')}</Button>
      </Flex>
    </Form.Item>
  )
}
