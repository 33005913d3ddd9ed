import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { principal } from '../access/index.js'
import { AppError } from '../core/index.js'
import { RepairErrors } from './repair.errors.js'
import type { ObjectionService } from './objection.service.js'
import type { RepairService } from './repair.service.js'
import {
  AnswerObjectionBody, ApplicationDetailResponse, ApplicationListResponse, ApplicationResponse, ApplyRepairBody, AttachmentParams, AttachmentResponse, CodeParams,
  CommitmentResponse, DecideRepairBody, DoneResponse, FileObjectionBody, IdParams, ListObjectionsQuery, ListRepairsQuery, MessageBody, NoticeListResponse, NoticesQuery,
  ObjectionDetailResponse, ObjectionListResponse, ObjectionResponse, RepairStatsResponse, SubjectRecordsResponse, SweepResponse,
} from './repair.schemas.js'
import { ATTACHMENT_LIMITS } from './attachments.js'

/** What the objection and repair routes use. */
export interface RepairRoutesServices {
  objections: ObjectionService
  repairs: RepairService
}

const READERS = ['operator', 'provider', 'enterprise'] as const

/** One file part of a multipart body, or the client's error. */
async function filePart(req: FastifyRequest) {
  const file = await req.file({ limits: { fileSize: ATTACHMENT_LIMITS.bytes + 1, files: 1 } }).catch((err: unknown) => {
    if (err instanceof AppError) throw err
    throw RepairErrors.INVALID('file', `上传格式有误 / malformed upload: ${(err as Error).message}`)
  })
  if (!file) throw RepairErrors.INVALID('file', '缺少文件字段 file / the form has no file field')
  return { name: file.filename, stream: file.file }
}

function sendFile(reply: FastifyReply, f: { name: string; mediaType: string; content: Buffer }) {
  return reply
    .header('content-type', f.mediaType)
    .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(f.name)}`)
    .header('x-content-type-options', 'nosniff')
    .header('cache-control', 'private, no-store')
    .send(f.content)
}

const Upload = { description: `multipart/form-data，字段 file：PDF、PNG 或 JPEG，每个不超过 ${ATTACHMENT_LIMITS.bytes / 1024 / 1024} MB，每件最多 ${ATTACHMENT_LIMITS.perCase} 个` }

/**
 * 异议申诉 and 信用修复 (§十七): an enterprise's objections and repair applications with their exchange; the providing
 * unit's work queue and decisions; the operator's overview and statistics; notices to institutions and platforms.
 */
export const repairRoutes: FastifyPluginAsyncTypebox<{ x: RepairRoutesServices }> = async (app, { x }) => {
  app.get('/api/objections', {
    config: { policy: { roles: READERS, scope: 'repair:read' } },
    schema: { tags: ['repair'], summary: '异议列表：企业看本企业的，数据提供单位看本单位记录的（待办在前，按答复期限），信用服务中心看全部（overdue=true 只看超期）', querystring: ListObjectionsQuery, response: { 200: ObjectionListResponse } },
  }, async (req) => x.objections.list(principal(req), req.query))

  app.post('/api/objections', {
    config: { policy: { roles: ['enterprise'], scope: 'repair:write' } },
    schema: { tags: ['repair'], summary: '企业对本企业的一条记录提出异议（记录即时标注“异议中”）', body: FileObjectionBody, response: { 201: ObjectionResponse } },
  }, async (req, reply) => reply.status(201).send(await x.objections.file(principal(req), req.body)))

  app.get('/api/objections/:id', {
    config: { policy: { roles: READERS, scope: 'repair:read' } },
    schema: { tags: ['repair'], summary: '异议详情：记录、往来留言、附件与处理结果', params: IdParams, response: { 200: ObjectionDetailResponse } },
  }, async (req) => x.objections.get(principal(req), req.params.id))

  app.post('/api/objections/:id/answer', {
    config: { policy: { roles: ['provider'], scope: 'repair:write' } },
    schema: { tags: ['repair'], summary: '数据提供单位答复异议：更正（给出更正后的字段值）、维持或删除', params: IdParams, body: AnswerObjectionBody, response: { 200: ObjectionDetailResponse } },
  }, async (req) => x.objections.answer(principal(req), req.params.id, req.body))

  app.post('/api/objections/:id/messages', {
    config: { policy: { roles: ['provider', 'enterprise'], scope: 'repair:write' } },
    schema: { tags: ['repair'], summary: '异议留言（处理中的异议）', params: IdParams, body: MessageBody, response: { 200: ObjectionDetailResponse } },
  }, async (req) => x.objections.say(principal(req), req.params.id, req.body.text))

  app.post('/api/objections/:id/attachments', {
    config: { policy: { roles: ['provider', 'enterprise'], scope: 'repair:write' } },
    schema: { tags: ['repair'], summary: '上传异议附件', ...Upload, params: IdParams, response: { 201: AttachmentResponse } },
  }, async (req, reply) => reply.status(201).send(await x.objections.attach(principal(req), req.params.id, await filePart(req))))

  app.get('/api/objections/:id/attachments/:attachmentId', {
    config: { policy: { roles: READERS, scope: 'repair:read' } },
    schema: { tags: ['repair'], summary: '下载异议附件', params: AttachmentParams },
  }, async (req, reply) => sendFile(reply, await x.objections.attachment(principal(req), req.params.id, req.params.attachmentId)))

  app.get('/api/repairs', {
    config: { policy: { roles: READERS, scope: 'repair:read' } },
    schema: { tags: ['repair'], summary: '信用修复列表（提前修复申请与公示期满自动终止）', querystring: ListRepairsQuery, response: { 200: ApplicationListResponse } },
  }, async (req) => x.repairs.list(principal(req), req.query))

  app.post('/api/repairs', {
    config: { policy: { roles: ['enterprise'], scope: 'repair:write' } },
    schema: { tags: ['repair'], summary: '企业申请信用修复：最短公示期届满后，附履行情况与信用承诺', body: ApplyRepairBody, response: { 201: ApplicationResponse } },
  }, async (req, reply) => reply.status(201).send(await x.repairs.apply(principal(req), req.body)))

  app.get('/api/repairs/commitment', {
    config: { policy: { roles: READERS, scope: 'repair:read' } },
    schema: { tags: ['repair'], summary: '申请信用修复须接受的信用承诺文本', response: { 200: CommitmentResponse } },
  }, async () => ({ text: x.repairs.commitmentText }))

  app.get('/api/repairs/stats', {
    config: { policy: { roles: ['operator', 'supervisor'], scope: 'repair:read' } },
    schema: { tags: ['repair'], summary: '异议与信用修复统计：按结果、类别、单位，处理天数中位数', response: { 200: RepairStatsResponse } },
  }, async () => x.repairs.stats())

  app.post('/api/repairs/sweep', {
    config: { policy: { roles: ['operator'], scope: 'repair:write' } },
    schema: { tags: ['repair'], summary: '立即运行公示期满检查（服务器也定时运行）', response: { 200: SweepResponse } },
  }, async (req) => x.repairs.sweep({ actor: { accountId: principal(req).accountId, username: principal(req).username, role: 'operator', organization: principal(req).organization } }))

  app.get('/api/repairs/notices', {
    config: { policy: { roles: ['institution', 'platform'], scope: 'repair:read' } },
    schema: { tags: ['repair'], summary: '本机构接收过的记录被修复或删除的通知（应停止使用）', querystring: NoticesQuery, response: { 200: NoticeListResponse } },
  }, async (req) => x.repairs.notices(principal(req), req.query))

  app.post('/api/repairs/notices/:id/read', {
    config: { policy: { roles: ['institution', 'platform'], scope: 'repair:read' } },
    schema: { tags: ['repair'], summary: '标记通知已读', params: IdParams, response: { 200: DoneResponse } },
  }, async (req) => {
    await x.repairs.markNoticeRead(principal(req), req.params.id)
    return { ok: true }
  })

  app.get('/api/repairs/subjects/:code/records', {
    config: { policy: { roles: ['operator', 'enterprise'], scope: 'repair:read' } },
    schema: { tags: ['repair'], summary: '信用主体的全部记录及其状态（含已终止公示的历史），失信信息附类别与公示期', params: CodeParams, response: { 200: SubjectRecordsResponse } },
  }, async (req) => x.repairs.records(principal(req), req.params.code))

  app.get('/api/repairs/:id', {
    config: { policy: { roles: READERS, scope: 'repair:read' } },
    schema: { tags: ['repair'], summary: '信用修复详情：记录、履行情况、承诺、往来留言、附件与决定', params: IdParams, response: { 200: ApplicationDetailResponse } },
  }, async (req) => x.repairs.get(principal(req), req.params.id))

  app.post('/api/repairs/:id/decision', {
    config: { policy: { roles: ['provider'], scope: 'repair:write' } },
    schema: { tags: ['repair'], summary: '数据提供单位审核修复申请：准予（终止公示、停止共享并通知接收方）或不予修复', params: IdParams, body: DecideRepairBody, response: { 200: ApplicationDetailResponse } },
  }, async (req) => x.repairs.decide(principal(req), req.params.id, req.body))

  app.post('/api/repairs/:id/messages', {
    config: { policy: { roles: ['provider', 'enterprise'], scope: 'repair:write' } },
    schema: { tags: ['repair'], summary: '修复申请留言', params: IdParams, body: MessageBody, response: { 200: ApplicationDetailResponse } },
  }, async (req) => x.repairs.say(principal(req), req.params.id, req.body.text))

  app.post('/api/repairs/:id/attachments', {
    config: { policy: { roles: ['provider', 'enterprise'], scope: 'repair:write' } },
    schema: { tags: ['repair'], summary: '上传修复材料（履行义务的证明等）', ...Upload, params: IdParams, response: { 201: AttachmentResponse } },
  }, async (req, reply) => reply.status(201).send(await x.repairs.attach(principal(req), req.params.id, await filePart(req))))

  app.get('/api/repairs/:id/attachments/:attachmentId', {
    config: { policy: { roles: READERS, scope: 'repair:read' } },
    schema: { tags: ['repair'], summary: '下载修复材料', params: AttachmentParams },
  }, async (req, reply) => sendFile(reply, await x.repairs.attachment(principal(req), req.params.id, req.params.attachmentId)))
}
