import { defineErrors } from '../../core/index.js'

export const LedgerErrors = defineErrors('LEDGER', {
  UNBALANCED: { type: 'invalid_data', zh: '分录借贷不平衡：各行金额之和为 %s 分，应为 0', en: 'the entry does not balance: its lines sum to %s fen, not 0' },
  TOO_FEW_LINES: { type: 'invalid_data', zh: '分录至少需要两行', en: 'an entry needs at least two lines' },
  BAD_AMOUNT: { type: 'invalid_data', zh: '金额必须是非零整数分，且绝对值不超过 %s 分：%s', en: 'an amount must be a non-zero whole number of fen, at most %s in size: %s' },
  INSUFFICIENT_FUNDS: { type: 'conflict', zh: '账户“%s”余额不足：这笔分录会使其低于零', en: 'account %s would go below zero' },
  IDEMPOTENCY_CONFLICT: { type: 'conflict', zh: '幂等键 %s 已用于另一笔不同的分录', en: 'idempotency key %s was used for a different entry' },
  ENTRY_NOT_FOUND: { type: 'not_found', zh: '分录不存在：%s', en: 'no such ledger entry: %s' },
  ALREADY_REVERSED: { type: 'conflict', zh: '分录 %s 已被冲销过', en: 'entry %s was already reversed' },
  OVERFLOW: { type: 'invalid_data', zh: '金额超出可记账范围', en: 'the amount is beyond what the ledger can hold' },
})
