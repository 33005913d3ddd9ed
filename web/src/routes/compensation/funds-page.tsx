import { useState } from 'react'
import { Button, Card, Descriptions, Drawer, Flex, Form, Input, Modal, Space, Table, Typography, type TableColumnsType } from 'antd'
import { PlusOutlined, ReloadOutlined } from '@ant-design/icons'
import { api } from '../../api/client'
import type { CompensationFund, CompensationFundLedger, ContributionResult } from '../../api/types'
import { useNotify } from '../../components/notify'
import { ErrorAlert, PageHeader } from '../../components/page'
import { formatDate, formatDateTime } from '../../format'
import { serverPagination, useApi, usePaging } from '../../hooks'
import { t, tDynamic } from '../../i18n'
import { setQuery, useLocation } from '../../router'
import { useAccount } from '../../session'
import { formatFen, perMille, yuanToFen } from './money'

const money = (v: number) => <span className="num" style={{ whiteSpace: 'nowrap' }}>{formatFen(v)}</span>

/** `kind:fund[:party]` as people read it: 已拨付补偿（宁夏银行股份有限公司）. */
function accountName(code: string): string {
  const [kind, , ...party] = code.split(':')
  const name = tDynamic(`compensation.account.${kind}`, kind ?? code)
  return party.length ? `${name}（${party.join(':')}）` : name
}

/**
 * 风险补偿资金池 (operator, supervisor): each fund with the balances its ledger holds; the operator records the
 * treasury's contributions. A fund's detail shows its rule versions and its journal.
 */
export default function FundsPage() {
  const account = useAccount()
  const { query } = useLocation()
  const openId = query.get('open')
  const funds = useApi((signal) => api.get('/api/compensation/funds', { signal }), [])
  const [contributeTo, setContributeTo] = useState<CompensationFund | null>(null)
  const notify = useNotify()

  const columns: TableColumnsType<CompensationFund> = [
    { title: t('compensation.colName'), dataIndex: 'name', width: 240, fixed: 'left' },
    { title: t('compensation.colOwner'), dataIndex: 'owner', width: 150 },
    { title: t('compensation.colYear'), dataIndex: 'year', width: 70 },
    { title: t('compensation.colContributed'), key: 'contributed', align: 'right', width: 150, render: (_: unknown, f) => money(f.balances.contributedFen) },
    { title: t('compensation.colPool'), key: 'pool', align: 'right', width: 150, render: (_: unknown, f) => <strong>{money(f.balances.poolFen)}</strong> },
    { title: t('compensation.colCommitment'), key: 'commitment', align: 'right', width: 150, render: (_: unknown, f) => money(f.balances.commitmentFen) },
    { title: t('compensation.colPaid'), key: 'paid', align: 'right', width: 150, render: (_: unknown, f) => money(f.balances.compensationPaidFen) },
    { title: t('compensation.colReturned'), key: 'returned', align: 'right', width: 150, render: (_: unknown, f) => money(f.balances.recoveryReturnedFen) },
    { title: t('compensation.colSubsidy'), key: 'subsidy', align: 'right', width: 150, render: (_: unknown, f) => money(f.balances.subsidyPaidFen) },
    {
      title: t('common.actions'), key: 'actions', width: 170, fixed: 'right',
      render: (_: unknown, f) => (
        <Space size={0}>
          <Button type="link" size="small" onClick={() => setQuery({ open: f.id }, { replace: false })}>{t('common.details')}</Button>
          {account.role === 'operator' && <Button type="link" size="small" icon={<PlusOutlined />} onClick={() => setContributeTo(f)}>{t('compensation.contribute')}</Button>}
        </Space>
      ),
    },
  ]

  return (
    <>
      <PageHeader title={t('menu.compensationFunds')} description={t('compensation.fundsDescription')} extra={<Button icon={<ReloadOutlined />} onClick={funds.reload}>{t('common.refresh')}</Button>} />
      <ErrorAlert error={funds.error} onRetry={funds.reload} />
      <Table rowKey="id" size="middle" loading={funds.loading} dataSource={funds.data ?? []} columns={columns} pagination={false} scroll={{ x: 1600 }} />
      {openId && <FundDrawer id={openId} onClose={() => setQuery({ open: null, page: null })} />}
      {contributeTo && (
        <ContributeModal
          fund={contributeTo}
          onClose={() => setContributeTo(null)}
          onDone={(r) => {
            setContributeTo(null)
            notify.success(r.replayed ? t('compensation.replayed') : t('compensation.contributed'))
            funds.reload()
          }}
        />
      )}
    </>
  )
}

function FundDrawer({ id, onClose }: { id: string; onClose(): void }) {
  const { query } = useLocation()
  const paging = usePaging(query, 10)
  const fund = useApi((signal) => api.get('/api/compensation/funds/{id}', { params: { id }, signal }), [id])
  const ledger = useApi(
    (signal) => api.get('/api/compensation/funds/{id}/ledger', { params: { id }, signal, query: { limit: paging.limit, offset: paging.offset } }),
    [id, paging.limit, paging.offset],
  )
  const f = fund.data
  type Entry = CompensationFundLedger['entries'][number]
  const columns: TableColumnsType<Entry> = [
    { title: t('compensation.colEntryAt'), dataIndex: 'createdAt', width: 170, render: (v: string) => <span className="num">{formatDateTime(v)}</span> },
    { title: t('compensation.colMemo'), dataIndex: 'memo' },
    {
      title: t('compensation.colLines'), key: 'lines', width: 360,
      render: (_: unknown, e: Entry) => (
        <Flex vertical>
          {e.lines.map((l, i) => (
            <span key={i} className="num">
              {l.amountFen > 0 ? t('compensation.debit') : t('compensation.credit')} {accountName(l.accountCode)} {formatFen(Math.abs(l.amountFen))}
            </span>
          ))}
        </Flex>
      ),
    },
  ]
  return (
    <Drawer open width={900} title={f?.name ?? t('compensation.fundDetail')} onClose={onClose} destroyOnHidden>
      <ErrorAlert error={fund.error ?? ledger.error} />
      {f && (
        <Flex vertical gap={16}>
          <Descriptions size="small" bordered column={2}>
            <Descriptions.Item label={t('compensation.colOwner')}>{f.owner}</Descriptions.Item>
            <Descriptions.Item label={t('compensation.colYear')}>{f.year}</Descriptions.Item>
            <Descriptions.Item label={t('compensation.colPool')}>{money(f.balances.poolFen)}</Descriptions.Item>
            <Descriptions.Item label={t('compensation.colCommitment')}>{money(f.balances.commitmentFen)}</Descriptions.Item>
          </Descriptions>
          <Card size="small" title={t('compensation.versions')}>
            {f.versions.map((v) => (
              <Typography.Paragraph key={v.version} style={{ marginBottom: 8 }}>
                <strong>{t('compensation.version', { version: v.version, date: formatDate(v.effectiveFrom) })}</strong>
                <br />
                {t('compensation.shares', { fund: perMille(v.rules.shares.fundPerMille), lender: perMille(v.rules.shares.lenderPerMille), guarantor: perMille(v.rules.shares.guarantorPerMille) })}
                <br />
                {t('compensation.caps', { perLoan: formatFen(v.rules.caps.perLoanFen), perInstitution: formatFen(v.rules.caps.perInstitutionPerYearFen), perFund: formatFen(v.rules.caps.perFundPerYearFen) })}
                {' · '}
                {t('compensation.lossCeiling', { ratio: `${(v.rules.lossRatioCeilingBp / 100).toFixed(2)}%` })}
              </Typography.Paragraph>
            ))}
          </Card>
          <Card size="small" title={t('compensation.ledger')}>
            <Table rowKey="id" size="small" loading={ledger.loading} dataSource={ledger.data?.entries ?? []} columns={columns} pagination={serverPagination(paging, ledger.data?.total, { sizeChanger: false })} />
          </Card>
        </Flex>
      )}
    </Drawer>
  )
}

function ContributeModal({ fund, onClose, onDone }: { fund: CompensationFund; onClose(): void; onDone(r: ContributionResult): void }) {
  const [form] = Form.useForm<{ amount: string; reference: string }>()
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<unknown>()
  // One key per opened form: pressing 确定 twice, or retrying after a timeout, records the contribution once.
  const [key] = useState(() => `web-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`)
  const submit = async (v: { amount: string; reference: string }) => {
    setBusy(true)
    setError(undefined)
    try {
      onDone(await api.post('/api/compensation/funds/{id}/contributions', { amountFen: yuanToFen(v.amount)!, reference: v.reference.trim(), idempotencyKey: key }, { params: { id: fund.id } }))
    } catch (err) {
      setError(err)
    } finally {
      setBusy(false)
    }
  }
  return (
    <Modal open title={t('compensation.contributeTitle', { name: fund.name })} onCancel={onClose} cancelText={t('common.cancel')} okText={t('common.confirm')}
      okButtonProps={{ loading: busy, htmlType: 'submit', form: 'fund-contribution' }} destroyOnHidden>
      <ErrorAlert error={error} title={t('compensation.submitFailed')} />
      <Form id="fund-contribution" form={form} layout="vertical" onFinish={submit}>
        <Form.Item name="amount" label={t('compensation.amountYuan')} rules={[{ required: true, validator: async (_, v: string) => { if (yuanToFen(v ?? '') === null) throw new Error(t('compensation.amountInvalid')) } }]}>
          <Input inputMode="decimal" maxLength={20} />
        </Form.Item>
        <Form.Item name="reference" label={t('compensation.reference')} rules={[{ required: true, whitespace: true, max: 200 }]}>
          <Input maxLength={200} />
        </Form.Item>
      </Form>
    </Modal>
  )
}
