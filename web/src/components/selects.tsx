import { Select, type SelectProps } from 'antd'
import type { Catalog } from '../api/types'

type Common = Omit<SelectProps<string>, 'options' | 'mode'>

/** A catalog item, grouped by 信息种类, searchable by its Chinese name or key. */
export function ItemSelect({ catalog, only, ...rest }: Common & { catalog: Catalog | undefined; only?: (itemKey: string) => boolean }) {
  const options = (catalog?.categories ?? [])
    .map((c) => ({
      label: `${c.no}. ${c.name}`,
      title: c.name,
      options: c.items.filter((i) => !only || only(i.key)).map((i) => ({ value: i.key, label: i.name, search: `${i.name} ${i.key}` })),
    }))
    .filter((g) => g.options.length > 0)
  return (
    <Select<string>
      allowClear
      showSearch={{ optionFilterProp: 'search' }}
      loading={!catalog}
      options={options}
      popupMatchSelectWidth={false}
      {...rest}
    />
  )
}

export function ProviderSelect({ providers, ...rest }: Common & { providers: string[] }) {
  return (
    <Select<string>
      allowClear
      showSearch={{ optionFilterProp: 'label' }}
      options={providers.map((p) => ({ value: p, label: p }))}
      popupMatchSelectWidth={false}
      {...rest}
    />
  )
}
