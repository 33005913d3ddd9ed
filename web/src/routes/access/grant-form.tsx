import type { ReactNode } from 'react'
import dayjs, { type Dayjs } from 'dayjs'
import { DatePicker, Flex, Form, Radio, Tag, TreeSelect, Typography } from 'antd'
import type { Catalog, GrantMode } from '../../api/types'
import { t } from '../../i18n'
import { MAX_GRANT_DAYS, MODES, scopeTree, type ScopeNode } from './grant-scope'

/** The parts of a grant both forms share: scope, mode, end date. */
export interface GrantFields {
  scope: string[]
  mode: GrantMode
  validUntil: Dayjs
}

interface TreeOption {
  value: string
  title: ReactNode
  searchText: string
  children?: TreeOption[]
}

function treeOptions(nodes: ScopeNode[]): TreeOption[] {
  return nodes.map((n) => ({
    value: n.value,
    searchText: n.title,
    title: (
      <span>
        {n.title}
        {n.restricted && !n.children && <Tag color="orange" variant="filled" style={{ marginInlineStart: 6, fontSize: 11, lineHeight: '16px' }}>{t('grantForm.restrictedMark')}</Tag>}
      </span>
    ),
    ...(n.children ? { children: treeOptions(n.children) } : {}),
  }))
}

/** 授权范围: 信息种类 → 信息项, searchable; a whole category checked is granted as the category. */
export function ScopeField({ catalog }: { catalog: Catalog | undefined }) {
  return (
    <Form.Item
      label={t('grantForm.scope')}
      name="scope"
      extra={t('grantForm.scopeHelp')}
      rules={[{ required: true, type: 'array', min: 1, message: t('grantForm.scopeRequired') }]}
    >
      <TreeSelect
        treeData={treeOptions(scopeTree(catalog))}
        treeCheckable
        showCheckedStrategy={TreeSelect.SHOW_PARENT}
        showSearch={{ treeNodeFilterProp: 'searchText' }}
        treeNodeLabelProp="searchText"
        placeholder={t('grantForm.scopePlaceholder')}
        allowClear
        loading={!catalog}
        maxTagCount="responsive"
        style={{ width: '100%' }}
        popupMatchSelectWidth={false}
        listHeight={360}
      />
    </Form.Item>
  )
}

/** 授权方式, each with what it lets the institution do. */
export function ModeField() {
  return (
    <Form.Item label={t('grantForm.mode')} name="mode" rules={[{ required: true, message: t('grantForm.modeRequired') }]}>
      <Radio.Group style={{ display: 'flex', flexDirection: 'column', gap: 10 }}>
        {MODES.map((m) => (
          <Radio key={m} value={m}>
            <Flex vertical>
              <span>{t(`grantMode.${m}`)}</span>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t(`grantMode.${m}Help`)}</Typography.Text>
            </Flex>
          </Radio>
        ))}
      </Radio.Group>
    </Form.Item>
  )
}

/** 有效期至: from tomorrow to the server's longest term; the grant ends at the end of that day (Beijing time). */
export function ValidUntilField({ label = t('grantForm.validUntil') }: { label?: string }) {
  const today = dayjs()
  return (
    <Form.Item label={label} name="validUntil" extra={t('grantForm.validUntilHelp', { days: MAX_GRANT_DAYS })} rules={[{ required: true, message: t('grantForm.validUntilRequired') }]}>
      <DatePicker
        style={{ width: 220 }}
        disabledDate={(d) => d.isBefore(today.add(1, 'day'), 'day') || d.isAfter(today.add(MAX_GRANT_DAYS - 1, 'day'), 'day')}
        presets={[
          { label: t('grantForm.months', { n: 3 }), value: today.add(3, 'month') },
          { label: t('grantForm.months', { n: 6 }), value: today.add(6, 'month') },
          { label: t('grantForm.years', { n: 1 }), value: today.add(1, 'year') },
          { label: t('grantForm.years', { n: 2 }), value: today.add(2, 'year') },
        ]}
      />
    </Form.Item>
  )
}

/** 用途: 68号文 §十一 allows one purpose, financing; shown so the enterprise knows what it agrees to. */
export function PurposeField() {
  return (
    <Form.Item label={t('grantForm.purpose')} name="purpose" extra={t('grantForm.purposeHelp')}>
      <Radio.Group options={[{ value: '融资', label: t('grantForm.purposeFinancing') }]} />
    </Form.Item>
  )
}
