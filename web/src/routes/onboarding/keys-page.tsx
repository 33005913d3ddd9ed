import { Card } from 'antd'
import { PageHeader } from '../../components/page'
import { t } from '../../i18n'
import { useAccount } from '../../session'
import { ApiKeys } from './api-keys'

/** An institution's, provider's or platform's own API keys, for its systems. */
export default function KeysPage() {
  const account = useAccount()
  return (
    <>
      <PageHeader title={t('onboarding.keys.title')} description={t('onboarding.keys.description')} />
      <Card>
        <ApiKeys role={account.role} />
      </Card>
    </>
  )
}
