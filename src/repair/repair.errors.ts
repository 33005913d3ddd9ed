import { defineErrors } from '../core/index.js'

/** Objections (异议) and credit repair (信用修复). */
export const RepairErrors = defineErrors('REPAIR', {
  RECORD_NOT_FOUND: { type: 'not_found', zh: '该信用主体没有这条记录：%s', en: 'the subject has no such record: %s' },
  OBJECTION_NOT_FOUND: { type: 'not_found', zh: '异议不存在：%s', en: 'no such objection: %s' },
  APPLICATION_NOT_FOUND: { type: 'not_found', zh: '信用修复申请不存在：%s', en: 'no such repair application: %s' },
  ATTACHMENT_NOT_FOUND: { type: 'not_found', zh: '附件不存在：%s', en: 'no such attachment: %s' },
  OBJECTION_OPEN: { type: 'conflict', zh: '这条记录已有一件待处理的异议：%s', en: 'this record already has an open objection: %s' },
  APPLICATION_OPEN: { type: 'conflict', zh: '这条记录已有一件待处理的修复申请：%s', en: 'this record already has an open repair application: %s' },
  RECORD_WITHDRAWN: { type: 'conflict', zh: '这条记录已终止公示，不再共享', en: 'this record is already withdrawn and no longer shared' },
  CASE_CLOSED: { type: 'conflict', zh: '该%s已办结（%s），不能再%s', en: 'this %s is closed (%s); it cannot be %s' },
  NOT_DISHONESTY: { type: 'invalid_data', zh: '“%s”不属于失信信息，不适用信用修复（可提出异议）', en: '%s is not 失信 information; repair does not apply (object instead)' },
  NO_PUBLICITY_DATE: { type: 'invalid_data', zh: '记录缺少决定日期（字段 %s），无法计算公示期', en: 'the record has no decision date (field %s), so its publicity cannot be computed' },
  MIN_PERIOD_NOT_PASSED: { type: 'conflict', zh: '最短公示期未满（%s类失信信息，%s 起可申请修复）', en: 'the minimum publicity has not passed (%s class; repair may be applied for from %s)' },
  COMMITMENT_REQUIRED: { type: 'invalid_data', zh: '申请信用修复须接受信用承诺（字段 commitmentAccepted）', en: 'a repair application needs the credit commitment accepted (field commitmentAccepted)' },
  INVALID: { type: 'invalid_data', zh: '%s：%s', en: '%s: %s' },
  CORRECTION_INVALID: { type: 'invalid_data', zh: '更正内容有误（字段 %s）：%s', en: 'the correction is invalid (field %s): %s' },
  ATTACHMENT_TOO_LARGE: { type: 'too_large', zh: '附件超过 %s', en: 'the attachment is larger than %s' },
  ATTACHMENT_TOO_MANY: { type: 'conflict', zh: '每件最多 %s 个附件', en: 'at most %s attachments per case' },
  ATTACHMENT_TYPE: { type: 'unsupported_media', zh: '附件“%s”不是 PDF、PNG 或 JPEG 文件', en: 'attachment %s is not a PDF, PNG or JPEG file' },
})
