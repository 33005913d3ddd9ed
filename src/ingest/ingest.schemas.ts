import { Type } from '@sinclair/typebox'

/** What a delivery comes back with: the batch's counts, so that a provider's system can reconcile what it sent. */
export const BatchSummaryResponse = Type.Object({
  batchId: Type.String({ format: 'uuid' }),
  itemKey: Type.String(),
  provider: Type.String(),
  method: Type.Union([Type.Literal('table'), Type.Literal('api'), Type.Literal('file'), Type.Literal('national')]),
  catalogVersion: Type.Integer({ description: '记录入库时的共享清单版本 / the catalog version the records were collected under' }),
  status: Type.Union([Type.Literal('running'), Type.Literal('completed'), Type.Literal('failed')]),
  received: Type.Integer({ description: '接收条数 / records received' }),
  stored: Type.Integer({ description: '入库条数（新记录或新版本）/ stored: new records or new versions' }),
  quarantined: Type.Integer({ description: '隔离条数（未通过校验，附原因）/ quarantined with their reasons' }),
  quarantineRepeats: Type.Integer({ description: '其中此前已在隔离区的条数 / of those, already waiting in the quarantine' }),
  duplicates: Type.Integer({ description: '重复条数（内容已入库，不重复存储）/ already stored, not stored again' }),
  resumed: Type.Boolean({ description: '是否续传了此前中断的批次 / whether an interrupted batch was continued' }),
  warnings: Type.Array(Type.String(), { description: '关于整个批次的提示，如忽略的列 / notes about the whole batch, e.g. ignored columns' }),
})

/** A file's batch also says how the file was read. */
export const FileBatchSummaryResponse = Type.Composite([BatchSummaryResponse, Type.Object({
  format: Type.String({ description: 'csv · xlsx · jsonl' }),
  encoding: Type.String({ description: 'utf8 · gb18030 · binary (XLSX)' }),
})])
