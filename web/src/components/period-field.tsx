import { DatePicker, Form } from 'antd'
import dayjs from 'dayjs'
import { setQuery } from '../router'

/**
 * The period filter of the statistics pages: a date range kept in the address as `from` / `to` (YYYY-MM-DD, either
 * end open), so a period can be bookmarked and shared.
 *
 * @example
 * <PeriodField id="stats-period" label={t('stats.period')} from={filter.from} to={filter.to} />
 */
export function PeriodField(props: { id: string; label: string; from: string | undefined; to: string | undefined }) {
  return (
    <Form.Item label={props.label} htmlFor={props.id}>
      <DatePicker.RangePicker
        id={props.id} allowEmpty={[true, true]}
        value={[props.from ? dayjs(props.from) : null, props.to ? dayjs(props.to) : null]}
        onChange={(v) => setQuery({ from: v?.[0]?.format('YYYY-MM-DD'), to: v?.[1]?.format('YYYY-MM-DD') })}
      />
    </Form.Item>
  )
}
