import { Button, Card, Result } from 'antd'
import { ToolOutlined } from '@ant-design/icons'
import { t, type MessageKey } from '../../i18n'
import { navigate } from '../../router'
import { PageHeader } from '../../components/page'
import type { PageProps } from '../pages'

/**
 * The shell of a screen whose API is still being built (grants, credit profile, verification, reports, audit log).
 * It says so plainly and shows no data: nothing here is made up.
 */
export default function UnderConstructionPage({ screen }: PageProps) {
  const name = screen.menu ? t(screen.menu.label) : ''
  return (
    <>
      <PageHeader title={name} />
      <Card>
        <Result
          icon={<ToolOutlined style={{ color: '#1456d8' }} />}
          title={t('placeholder.title', { name })}
          subTitle={
            <>
              <div>{t(`placeholder.${screen.id}` as MessageKey)}</div>
              <div style={{ marginTop: 8 }}>{t('placeholder.subtitle')}</div>
            </>
          }
          extra={<Button onClick={() => navigate('/catalog')}>{t('placeholder.catalogLink')}</Button>}
        />
      </Card>
    </>
  )
}
