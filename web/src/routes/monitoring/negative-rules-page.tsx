import { useEffect, useState } from 'react'
import { App, Button, Card, Drawer, Form, InputNumber, Input, Select, Space, Table, Tag, Typography, type TableColumnsType } from 'antd'
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons'
import { api, errorMessage } from '../../api/client'
import type { CatalogItemDetail, NegativeRule, NegativeRuleChange } from '../../api/types'
import { ErrorAlert, PageHeader } from '../../components/page'
import { formatDateTime } from '../../format'
import { itemIndex, useApi, useCatalog } from '../../hooks'
import { t, tDynamic } from '../../i18n'

/** The kinds a record can raise (a grade drop comes from the evaluation, never from a record). */
const RECORD_KINDS = ['penalty', 'dishonest', 'enforcement', 'abnormal', 'tax_arrears', 'utility_arrears']
const kindName = (k: string) => tDynamic(`monitoring.kind.${k}`, k)

type Condition = NegativeRule['condition']
/** One field test as edited: `op` says whether it compares a value or asks for the field to be empty. */
interface TestDraft { field?: string; op: 'equals' | 'absent'; value?: string }
interface RuleDraft { itemKey: string; kind: string; tests: TestDraft[]; sustainedMonths?: number | null }

/** A field as people read it, its key beside the Chinese name: "是否欠费（has_arrears）". */
const fieldLabel = (name: string | undefined, key: string) => (name && name !== key ? `${name}（${key}）` : key)

/** A condition in words, for the table: "是否欠费（has_arrears） = 是；持续 3 个月". */
function describe(c: Condition, fieldName: (key: string) => string): string {
  const parts = (c.all ?? []).map((x) => (x.absent ? t('negativeRules.isEmpty', { field: fieldName(x.field) }) : `${fieldName(x.field)} = ${x.equals === true ? t('negativeRules.yes') : x.equals === false ? t('negativeRules.no') : String(x.equals)}`))
  if (c.sustainedMonths) parts.push(t('negativeRules.sustained', { months: c.sustainedMonths }))
  return parts.length ? parts.join('；') : t('negativeRules.anyRecord')
}

/** The condition the server takes, from the draft: yes/no fields compare true or false, others the text typed. */
function conditionOf(d: RuleDraft, item: CatalogItemDetail | undefined): Condition {
  const typeOf = (key: string) => item?.fields.find((f) => f.key === key)?.type
  const all = d.tests.filter((x) => x.field).map((x) => (x.op === 'absent'
    ? { field: x.field!, absent: true }
    : { field: x.field!, equals: typeOf(x.field!) === 'boolean' ? x.value === 'true' : (x.value ?? '') }))
  return { ...(all.length ? { all } : {}), ...(d.sustainedMonths ? { sustainedMonths: d.sustainedMonths } : {}) }
}

/** Edits one item's rule: its alert kind, the field tests every version must meet, and how many months they must last. */
function RuleEditor(props: { rule: RuleDraft; itemName: string; onClose: () => void; onSaved: () => void }) {
  const { message } = App.useApp()
  const item = useApi((signal) => api.get('/api/catalog/items/{itemKey}', { params: { itemKey: props.rule.itemKey }, signal }), [props.rule.itemKey])
  const history = useApi((signal) => api.get('/api/monitoring/negative-rules/{itemKey}/history', { params: { itemKey: props.rule.itemKey }, signal }), [props.rule.itemKey])
  const [draft, setDraft] = useState<RuleDraft>(props.rule)
  const [saving, setSaving] = useState(false)
  useEffect(() => setDraft(props.rule), [props.rule])
  const fields = item.data?.fields ?? []
  const fieldName = (key: string) => fieldLabel(fields.find((f) => f.key === key)?.name, key)
  const setTest = (i: number, patch: Partial<TestDraft>) => setDraft((d) => ({ ...d, tests: d.tests.map((x, j) => (j === i ? { ...x, ...patch } : x)) }))
  const save = async () => {
    setSaving(true)
    try {
      await api.put('/api/monitoring/negative-rules/{itemKey}', { kind: draft.kind, condition: conditionOf(draft, item.data) }, { params: { itemKey: draft.itemKey } })
      message.success(t('negativeRules.saved'))
      props.onSaved()
    } catch (err) {
      message.error(errorMessage(err))
    } finally {
      setSaving(false)
    }
  }
  const historyColumns: TableColumnsType<NegativeRuleChange> = [
    { title: t('negativeRules.changedAt'), dataIndex: 'at', width: 170, render: (v: string) => formatDateTime(v) },
    { title: t('negativeRules.changedBy'), dataIndex: 'changedBy', width: 110 },
    { title: t('negativeRules.before'), key: 'before', render: (_, h) => (h.previousCondition ? `${kindName(h.previousKind ?? '')}：${describe(h.previousCondition, fieldName)}` : t('negativeRules.none')) },
    { title: t('negativeRules.after'), key: 'after', render: (_, h) => `${kindName(h.kind)}：${describe(h.condition, fieldName)}` },
  ]
  return (
    <Drawer open width={760} title={t('negativeRules.editTitle', { item: props.itemName })} onClose={props.onClose}
      extra={<Button type="primary" loading={saving} onClick={() => void save()}>{t('negativeRules.save')}</Button>}>
      <ErrorAlert error={item.error} onRetry={item.reload} />
      <Form layout="vertical">
        <Form.Item label={t('negativeRules.kind')}>
          <Select value={draft.kind} style={{ width: 240 }} onChange={(kind) => setDraft((d) => ({ ...d, kind }))} options={RECORD_KINDS.map((k) => ({ value: k, label: kindName(k) }))} />
        </Form.Item>
        <Form.Item label={t('negativeRules.tests')} extra={t('negativeRules.testsHint')}>
          <Space direction="vertical" style={{ width: '100%' }}>
            {draft.tests.map((x, i) => {
              const isBool = fields.find((f) => f.key === x.field)?.type === 'boolean'
              return (
                <Space key={i} wrap>
                  <Select placeholder={t('negativeRules.field')} value={x.field} style={{ width: 240 }} showSearch optionFilterProp="label"
                    onChange={(field) => setTest(i, { field, value: undefined })} options={fields.map((f) => ({ value: f.key, label: `${f.name}（${f.key}）` }))} />
                  <Select value={x.op} style={{ width: 110 }} onChange={(op) => setTest(i, { op })}
                    options={[{ value: 'equals', label: t('negativeRules.equals') }, { value: 'absent', label: t('negativeRules.absent') }]} />
                  {x.op === 'equals' && (isBool
                    ? <Select value={x.value} style={{ width: 100 }} onChange={(value) => setTest(i, { value })} options={[{ value: 'true', label: t('negativeRules.yes') }, { value: 'false', label: t('negativeRules.no') }]} />
                    : <Input value={x.value} style={{ width: 200 }} maxLength={200} onChange={(e) => setTest(i, { value: e.target.value })} />)}
                  <Button type="text" icon={<MinusCircleOutlined />} aria-label={t('negativeRules.removeTest')} onClick={() => setDraft((d) => ({ ...d, tests: d.tests.filter((_, j) => j !== i) }))} />
                </Space>
              )
            })}
            <Button icon={<PlusOutlined />} disabled={draft.tests.length >= 10} onClick={() => setDraft((d) => ({ ...d, tests: [...d.tests, { op: 'equals' }] }))}>{t('negativeRules.addTest')}</Button>
          </Space>
        </Form.Item>
        <Form.Item label={t('negativeRules.sustainedMonths')} extra={t('negativeRules.sustainedHint')}>
          <InputNumber min={1} max={36} precision={0} value={draft.sustainedMonths ?? null} onChange={(v) => setDraft((d) => ({ ...d, sustainedMonths: v }))} />
        </Form.Item>
      </Form>
      <Typography.Title level={5}>{t('negativeRules.history')}</Typography.Title>
      <ErrorAlert error={history.error} onRetry={history.reload} />
      <Table rowKey="seq" size="small" loading={history.loading} dataSource={history.data ?? []} columns={historyColumns} pagination={{ pageSize: 10 }} />
    </Drawer>
  )
}

const draftOf = (r: NegativeRule): RuleDraft => ({
  itemKey: r.itemKey, kind: r.kind, sustainedMonths: r.condition.sustainedMonths ?? null,
  tests: (r.condition.all ?? []).map((x) => (x.absent ? { field: x.field, op: 'absent' as const } : { field: x.field, op: 'equals' as const, value: String(x.equals) })),
})

/**
 * 负面信息规则 (§十五, docs/monitoring.md): which records of which item count as negative for the institutions'
 * alerts, e.g. utility arrears sustained three months. The operator sets them; each change is kept and audited, and
 * the alerts follow from the next change read on.
 */
export default function NegativeRulesPage() {
  const rules = useApi((signal) => api.get('/api/monitoring/negative-rules', { signal }), [])
  const catalog = useCatalog()
  const items = itemIndex(catalog.data)
  const [editing, setEditing] = useState<{ draft: RuleDraft; itemName: string }>()
  const [adding, setAdding] = useState<string>()
  const columns: TableColumnsType<NegativeRule> = [
    { title: t('negativeRules.item'), dataIndex: 'itemName', render: (v: string, r) => <Space direction="vertical" size={0}>{items.get(r.itemKey)?.name ?? v}<Typography.Text type="secondary" code>{r.itemKey}</Typography.Text></Space> },
    { title: t('negativeRules.kind'), dataIndex: 'kind', width: 150, render: (k: string) => <Tag>{kindName(k)}</Tag> },
    { title: t('negativeRules.condition'), key: 'condition', render: (_, r) => describe(r.condition, (k) => fieldLabel(r.fieldNames[k], k)) },
    { title: t('negativeRules.updated'), key: 'updated', width: 220, render: (_, r) => `${formatDateTime(r.updatedAt)}${r.updatedBy ? ` · ${r.updatedBy}` : ''}` },
    { title: '', key: 'edit', width: 90, render: (_, r) => <Button size="small" onClick={() => setEditing({ draft: draftOf(r), itemName: r.itemName })}>{t('negativeRules.edit')}</Button> },
  ]
  const ruled = new Set((rules.data ?? []).map((r) => r.itemKey))
  const unruled = [...items.values()].filter((i) => !ruled.has(i.key))
  return (
    <>
      <PageHeader title={t('negativeRules.title')} description={t('negativeRules.description')} />
      <Card extra={(
        <Space>
          <Select placeholder={t('negativeRules.addItem')} value={adding} style={{ width: 280 }} showSearch optionFilterProp="label" onChange={setAdding}
            options={unruled.map((i) => ({ value: i.key, label: `${i.name}（${i.categoryName}）` }))} />
          <Button type="primary" disabled={!adding} onClick={() => {
            if (!adding) return
            setEditing({ draft: { itemKey: adding, kind: 'penalty', tests: [] }, itemName: items.get(adding)?.name ?? adding })
            setAdding(undefined)
          }}>{t('negativeRules.add')}</Button>
        </Space>
      )}>
        <ErrorAlert error={rules.error} onRetry={rules.reload} />
        <Table rowKey="itemKey" size="small" loading={rules.loading} dataSource={rules.data ?? []} columns={columns} pagination={false} />
      </Card>
      {editing && <RuleEditor rule={editing.draft} itemName={editing.itemName} onClose={() => setEditing(undefined)} onSaved={() => { setEditing(undefined); rules.reload() }} />}
    </>
  )
}
