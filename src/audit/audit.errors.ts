import { defineErrors } from '../core/index.js'

export const AuditErrors = defineErrors('AUDIT', {
  WRITE_FAILED: { type: 'unexpected_state', zh: '审计日志写入失败，本次查询未返回数据', en: 'the audit log could not be written, so no data was returned' },
  CHAIN_BROKEN: { type: 'unexpected_state', zh: '审计日志链校验失败：第 %s 条记录被篡改或缺失', en: 'the audit chain is broken at entry %s' },
})
