import { defineErrors } from '../core/index.js'

export const IngestErrors = defineErrors('INGEST', {
  PROVIDER_NOT_RESPONSIBLE: { type: 'not_allowed', zh: '“%s”不是信息项“%s”的责任单位', en: '"%s" is not a responsible unit of item "%s"' },
  FILE_UNREADABLE: { type: 'invalid_data', zh: '无法读取文件 %s：%s', en: 'cannot read file %s: %s' },
  FILE_FORMAT: { type: 'invalid_data', zh: '不支持的文件格式：%s（支持 CSV、XLSX、JSON Lines）', en: 'unsupported file format: %s (CSV, XLSX and JSON Lines are supported)' },
  NO_KNOWN_COLUMNS: { type: 'invalid_data', zh: '文件 %s 的表头没有一列与信息项“%s”的共享内容对应：%s', en: 'no column of %s matches a field of item "%s": %s' },
  ENCODING: { type: 'invalid_data', zh: '无法识别的编码：%s（可用 utf8、gb18030、gbk）', en: 'unknown encoding: %s (use utf8, gb18030 or gbk)' },
  BATCH_NOT_FOUND: { type: 'not_found', zh: '批次不存在：%s', en: 'no such batch: %s' },
  QUARANTINE_NOT_FOUND: { type: 'not_found', zh: '隔离记录不存在：批次 %s 第 %s 条', en: 'no quarantined record at batch %s position %s' },
  QUARANTINE_CLOSED: { type: 'conflict', zh: '该隔离记录已处理（%s）', en: 'this quarantined record was already handled (%s)' },
  BODY_INVALID: { type: 'invalid_data', zh: '请求内容不合规：%s', en: 'invalid request body: %s' },
  BATCH_BUSY: { type: 'conflict', zh: '同一文件正在由另一个请求报送（批次 %s），请等其完成后查看该批次结果', en: 'the same content is being delivered by another request (batch %s); wait for it and look at that batch' },
  XLSX_TOO_LARGE: { type: 'too_large', zh: '工作簿 %s 超过上限：%s 最多 %s；请拆分文件或改用 CSV', en: 'workbook %s is too large: %s at most %s; split it or send CSV' },
  TOO_MANY_RECORDS: { type: 'invalid_data', zh: '一次最多提交 %s 条记录，请分批提交', en: 'at most %s records per call; split the delivery' },
})
