import { Checkbox, Form, Input, InputNumber, Modal, Select } from 'antd'
import { api } from '../../api/client'
import type { FinancingProduct, FinancingReference } from '../../api/types'
import { useNotify } from '../../components/notify'
import { t } from '../../i18n'

interface Values {
  type: string
  name: string
  description?: string
  amountMin: number
  amountMax: number
  termMin: number
  termMax: number
  rateMin: number
  rateMax: number
  repaymentWays: string[]
  regions: string
  guaranteeRequired: boolean
  rules: string
}

/** A starting point for the rule document: the usual conditions of a tax loan. */
const EXAMPLE_RULES = JSON.stringify([
  { kind: 'field', item: 'tax_credit_rating', field: 'tax_credit_grade', op: 'in', value: ['A', 'B'], latestBy: 'rating_year' },
  { kind: 'years_since', item: 'business_license', field: 'establishment_date', op: 'gte', years: 2 },
  { kind: 'no_record', item: 'dishonest_judgment_debtor' },
], null, 2)

const toValues = (p: FinancingProduct): Values => ({
  type: p.type, name: p.name, description: p.description, amountMin: p.amountMinFen / 1_000_000, amountMax: p.amountMaxFen / 1_000_000,
  termMin: p.termMinMonths, termMax: p.termMaxMonths, rateMin: p.rateMinBp / 100, rateMax: p.rateMaxBp / 100, repaymentWays: p.repaymentWays,
  regions: p.regions.join(','), guaranteeRequired: p.guaranteeRequired, rules: JSON.stringify(p.rules, null, 2),
})

/**
 * The institution writes a product: figures in the units bankers use (万元, %, months), sent in the API's (分, basis
 * points); the eligibility rules as their JSON document, which the server checks against the catalog and answers
 * with the path of a bad rule. Editing a published product makes a new version for review.
 */
export function ProductForm({ product, reference, open, onClose, onSaved }: { product?: FinancingProduct | undefined; reference: FinancingReference | undefined; open: boolean; onClose(): void; onSaved(): void }) {
  const [form] = Form.useForm<Values>()
  const notify = useNotify()
  const save = async () => {
    const v = await form.validateFields()
    let rules: unknown
    try {
      rules = JSON.parse(v.rules)
      if (!Array.isArray(rules)) throw new Error('not an array')
    } catch {
      form.setFields([{ name: 'rules', errors: [t('financing.rulesNotJson')] }])
      return
    }
    const body = {
      type: v.type, name: v.name, ...(v.description ? { description: v.description } : {}),
      amountMinFen: Math.round(v.amountMin * 1_000_000), amountMaxFen: Math.round(v.amountMax * 1_000_000), termMinMonths: v.termMin, termMaxMonths: v.termMax,
      rateMinBp: Math.round(v.rateMin * 100), rateMaxBp: Math.round(v.rateMax * 100), repaymentWays: v.repaymentWays,
      regions: v.regions.split(/[,，\s]+/).filter(Boolean), guaranteeRequired: v.guaranteeRequired, rules,
    }
    try {
      if (product) await api.put('/api/financing/products/{id}', body, { params: { id: product.id } })
      else await api.post('/api/financing/products', body)
      notify.success(t('financing.saved'))
      onSaved()
    } catch (err) {
      notify.error(err)
    }
  }
  const options = (o: Record<string, string> | undefined) => Object.entries(o ?? {}).map(([value, label]) => ({ value, label }))
  return (
    <Modal open={open} width={720} destroyOnHidden title={product ? t('financing.editProduct') : t('financing.newProduct')} onOk={() => void save()} onCancel={onClose} okText={t('common.confirm')} cancelText={t('common.cancel')}>
      <Form form={form} layout="vertical" preserve={false}
        initialValues={product ? toValues(product) : { regions: '640000', guaranteeRequired: false, repaymentWays: ['equal_installment'], rules: EXAMPLE_RULES }}>
        <Form.Item name="type" label={t('financing.type')} rules={[{ required: true }]}><Select options={options(reference?.productTypes)} /></Form.Item>
        <Form.Item name="name" label={t('financing.productName')} rules={[{ required: true, min: 2, max: 60 }]}><Input maxLength={60} /></Form.Item>
        <Form.Item name="description" label={t('financing.description2')}><Input.TextArea maxLength={2000} rows={2} /></Form.Item>
        <Form.Item label={t('financing.amountRange')} style={{ marginBottom: 0 }}>
          <Form.Item name="amountMin" rules={[{ required: true }]} style={{ display: 'inline-block', width: '48%' }}><InputNumber min={0.01} precision={2} placeholder={t('financing.amountMin')} style={{ width: '100%' }} /></Form.Item>
          <Form.Item name="amountMax" rules={[{ required: true }]} style={{ display: 'inline-block', width: '48%', marginLeft: '4%' }}><InputNumber min={0.01} precision={2} placeholder={t('financing.amountMax')} style={{ width: '100%' }} /></Form.Item>
        </Form.Item>
        <Form.Item label={t('financing.termRange')} style={{ marginBottom: 0 }}>
          <Form.Item name="termMin" rules={[{ required: true }]} style={{ display: 'inline-block', width: '48%' }}><InputNumber min={1} max={360} precision={0} placeholder={t('financing.termMin')} style={{ width: '100%' }} /></Form.Item>
          <Form.Item name="termMax" rules={[{ required: true }]} style={{ display: 'inline-block', width: '48%', marginLeft: '4%' }}><InputNumber min={1} max={360} precision={0} placeholder={t('financing.termMax')} style={{ width: '100%' }} /></Form.Item>
        </Form.Item>
        <Form.Item label={t('financing.rateRange')} style={{ marginBottom: 0 }}>
          <Form.Item name="rateMin" rules={[{ required: true }]} style={{ display: 'inline-block', width: '48%' }}><InputNumber min={0} max={36} precision={2} placeholder={t('financing.rateMin')} style={{ width: '100%' }} /></Form.Item>
          <Form.Item name="rateMax" rules={[{ required: true }]} style={{ display: 'inline-block', width: '48%', marginLeft: '4%' }}><InputNumber min={0} max={36} precision={2} placeholder={t('financing.rateMax')} style={{ width: '100%' }} /></Form.Item>
        </Form.Item>
        <Form.Item name="repaymentWays" label={t('financing.repaymentWay')} rules={[{ required: true }]}><Select mode="multiple" options={options(reference?.repaymentWays)} /></Form.Item>
        <Form.Item name="regions" label={t('financing.regions')} extra={t('financing.regionsHelp')} rules={[{ required: true }]}><Input maxLength={400} /></Form.Item>
        <Form.Item name="guaranteeRequired" valuePropName="checked"><Checkbox>{t('financing.guaranteeRequired')}</Checkbox></Form.Item>
        <Form.Item name="rules" label={t('financing.rulesJson')} extra={t('financing.rulesHelp')} rules={[{ required: true }]}><Input.TextArea rows={8} maxLength={60_000} style={{ fontFamily: 'monospace' }} /></Form.Item>
      </Form>
    </Modal>
  )
}
