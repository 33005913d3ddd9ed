import { describe, expect, it } from 'vitest'
import { clockView, recordSummary } from './repair-format'

const open = (remaining: number, overdue = false) => ({ status: 'open', clock: { dueOn: '2027-01-04', remainingWorkingDays: remaining, overdue } })

describe('objection clocks', () => {
  it('counts down in working days, orange near the end and red once past the due date', () => {
    expect(clockView(open(12))).toEqual({ text: '剩余 12 个工作日', color: 'blue' })
    expect(clockView(open(2)).color).toBe('orange')
    expect(clockView(open(0))).toEqual({ text: '今日到期', color: 'orange' })
    expect(clockView(open(0, true))).toEqual({ text: '已超期（应于 2027-01-04 前答复）', color: 'red' })
    expect(clockView({ status: 'kept', clock: { dueOn: '2027-01-04', remainingWorkingDays: 0, overdue: false } }).color).toBe('default')
  })

  it('summarises a record by its document number, content, amount and date', () => {
    expect(recordSummary({ decision_document_number: '银市监罚〔2023〕1号', penalty_content: '罚款', fine_amount: '12000.00', decision_date: '2023-05-01', uscc: 'x' })).toBe('银市监罚〔2023〕1号 · 罚款 · 12000.00 · 2023-05-01')
  })
})
