import { Typography } from 'antd'
import { maskIdNumber } from '../format'

/**
 * A code (USCC, ID number, batch id) in monospace, so 0/O and 1/I are told apart. `mask` hides the middle of a
 * natural person's ID number; copyable only when not masked.
 */
export function Code({ value, mask, copyable, title }: { value: string | null | undefined; mask?: boolean; copyable?: boolean; title?: string }) {
  if (!value) return <span className="code-text">—</span>
  const shown = mask ? maskIdNumber(value) : value
  return (
    <Typography.Text className="code-text" copyable={copyable && !mask ? { text: value } : false} {...(title ? { title } : {})}>
      {shown}
    </Typography.Text>
  )
}
