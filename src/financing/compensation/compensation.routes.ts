import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { CompensationService } from './compensation.service.js'
import type { SubsidyService } from './subsidy.service.js'
import { principal } from '../../access/index.js'
import {
  ApproveBody, ClaimDetailResponse, EntryParams, ReverseBody, ClaimResponse, ContributionBody, ContributionResponse, CreateFundBody, CreateProgrammeBody, FileClaimBody, FundDetailResponse,
  FundLedgerResponse, FundResponse, IdParams, LedgerPageQuery, ListClaimsQuery, ListClaimsResponse, ListPaymentsQuery, ListPaymentsResponse, PayBody, ProgrammeResponse,
  RecoveryBody, RejectBody,
} from './compensation.schemas.js'
import { FundRules } from './compensation-rules.js'
import { Type } from '@sinclair/typebox'

/** Dates as ISO strings before the response schema sees them. */
const plain = <T>(v: T): any => JSON.parse(JSON.stringify(v))

const TAGS = { fund: ['compensation'], subsidy: ['subsidy'] }

/** What these routes use of the product (`createXinshu()` provides it). */
export interface CompensationRoutesServices { compensation: CompensationService; subsidies: SubsidyService }

/**
 * Risk compensation (风险缓释补偿) and interest subsidy (贴息) over HTTP: the operator manages funds and programmes
 * and reviews claims; an institution files and follows its own claims; supervisors read. Amounts are computed by
 * the server from the fund's rules; an amount in a body is at most recorded, never paid from. Institutions' systems
 * may read and file by API key (compensation:read / compensation:write); the operator's decisions are for people.
 */
export const compensationRoutes: FastifyPluginAsyncTypebox<{ x: CompensationRoutesServices }> = async (app, { x }) => {
  app.post('/api/compensation/funds', {
    config: { policy: { roles: ['operator'] } },
    schema: { tags: TAGS.fund, summary: '设立风险补偿资金池（含首版补偿规则）', body: CreateFundBody, response: { 201: FundDetailResponse } },
  }, async (req, reply) => reply.status(201).send(plain(await x.compensation.createFund(principal(req), req.body))))

  app.get('/api/compensation/funds', {
    config: { policy: { roles: ['operator', 'supervisor', 'institution'], scope: 'compensation:read' } },
    schema: { tags: TAGS.fund, summary: '风险补偿资金池及余额', response: { 200: Type.Array(FundResponse) } },
  }, async () => plain(await x.compensation.funds()))

  app.get('/api/compensation/funds/:id', {
    config: { policy: { roles: ['operator', 'supervisor', 'institution'], scope: 'compensation:read' } },
    schema: { tags: TAGS.fund, summary: '资金池详情：规则各版本与余额', params: IdParams, response: { 200: FundDetailResponse } },
  }, async (req) => plain(await x.compensation.fund(principal(req), req.params.id)))

  app.post('/api/compensation/funds/:id/rules', {
    config: { policy: { roles: ['operator'] } },
    schema: { tags: TAGS.fund, summary: '发布新版补偿规则（自生效日起适用）', params: IdParams, body: FundRules, response: { 201: FundDetailResponse } },
  }, async (req, reply) => reply.status(201).send(plain(await x.compensation.addRules(principal(req), req.params.id, req.body))))

  app.post('/api/compensation/funds/:id/contributions', {
    config: { policy: { roles: ['operator'] } },
    schema: { tags: TAGS.fund, summary: '登记财政注资（记账；同一幂等键只记一次）', params: IdParams, body: ContributionBody, response: { 200: ContributionResponse } },
  }, async (req) => plain(await x.compensation.contribute(principal(req), req.params.id, req.body)))

  app.post('/api/compensation/funds/:id/contributions/:entryId/reverse', {
    config: { policy: { roles: ['operator'] } },
    schema: { tags: TAGS.fund, summary: '冲销一笔录错的注资（记一笔反向分录，原分录不变）', params: EntryParams, body: ReverseBody, response: { 200: ContributionResponse } },
  }, async (req) => plain(await x.compensation.reverseContribution(principal(req), req.params.id, req.params.entryId, req.body)))

  app.get('/api/compensation/funds/:id/ledger', {
    config: { policy: { roles: ['operator', 'supervisor'], scope: 'compensation:read' } },
    schema: { tags: TAGS.fund, summary: '资金池账簿：账户余额与分录', params: IdParams, querystring: LedgerPageQuery, response: { 200: FundLedgerResponse } },
  }, async (req) => plain(await x.compensation.fundLedger(principal(req), req.params.id, req.query)))

  app.post('/api/compensation/claims', {
    config: { policy: { roles: ['institution'], scope: 'compensation:write' } },
    schema: { tags: TAGS.fund, summary: '接入机构对本机构已认定损失的贷款申请风险补偿', body: FileClaimBody, response: { 201: ClaimResponse } },
  }, async (req, reply) => reply.status(201).send(plain(await x.compensation.fileClaim(principal(req), req.body))))

  app.get('/api/compensation/claims', {
    config: { policy: { roles: ['operator', 'supervisor', 'institution'], scope: 'compensation:read' } },
    schema: { tags: TAGS.fund, summary: '补偿申请列表（接入机构：本机构）', querystring: ListClaimsQuery, response: { 200: ListClaimsResponse } },
  }, async (req) => plain(await x.compensation.claims(principal(req), req.query)))

  app.get('/api/compensation/claims/:id', {
    config: { policy: { roles: ['operator', 'supervisor', 'institution'], scope: 'compensation:read' } },
    schema: { tags: TAGS.fund, summary: '补偿申请详情：逐条规则的计算、办理记录与记账分录', params: IdParams, response: { 200: ClaimDetailResponse } },
  }, async (req) => plain(await x.compensation.claim(principal(req), req.params.id)))

  app.post('/api/compensation/claims/:id/approve', {
    config: { policy: { roles: ['operator'] } },
    schema: { tags: TAGS.fund, summary: '批准补偿（按规则重新计算金额并从资金池划入待拨付）', params: IdParams, body: ApproveBody, response: { 200: ClaimResponse } },
  }, async (req) => plain(await x.compensation.approve(principal(req), req.params.id, req.body)))

  app.post('/api/compensation/claims/:id/reject', {
    config: { policy: { roles: ['operator'] } },
    schema: { tags: TAGS.fund, summary: '驳回补偿申请（须说明理由）', params: IdParams, body: RejectBody, response: { 200: ClaimResponse } },
  }, async (req) => plain(await x.compensation.reject(principal(req), req.params.id, req.body)))

  app.post('/api/compensation/claims/:id/pay', {
    config: { policy: { roles: ['operator'] } },
    schema: { tags: TAGS.fund, summary: '拨付已批准的补偿（重复提交不会重复拨付）', params: IdParams, body: PayBody, response: { 200: ClaimResponse } },
  }, async (req) => plain(await x.compensation.pay(principal(req), req.params.id, req.body)))

  app.post('/api/compensation/claims/:id/recoveries', {
    config: { policy: { roles: ['institution', 'operator'], scope: 'compensation:write' } },
    schema: { tags: TAGS.fund, summary: '登记补偿后追回的款项（按比例返还资金池）', params: IdParams, body: RecoveryBody, response: { 200: ClaimResponse } },
  }, async (req) => plain(await x.compensation.recordRecovery(principal(req), req.params.id, req.body)))

  app.post('/api/subsidy/programmes', {
    config: { policy: { roles: ['operator'] } },
    schema: { tags: TAGS.subsidy, summary: '设立贴息项目', body: CreateProgrammeBody, response: { 201: ProgrammeResponse } },
  }, async (req, reply) => reply.status(201).send(plain(await x.subsidies.createProgramme(principal(req), req.body))))

  app.get('/api/subsidy/programmes', {
    config: { policy: { roles: ['operator', 'supervisor', 'institution'], scope: 'compensation:read' } },
    schema: { tags: TAGS.subsidy, summary: '贴息项目列表', response: { 200: Type.Array(ProgrammeResponse) } },
  }, async () => plain(await x.subsidies.programmes()))

  app.get('/api/subsidy/payments', {
    config: { policy: { roles: ['operator', 'supervisor', 'institution'], scope: 'compensation:read' } },
    schema: { tags: TAGS.subsidy, summary: '贴息拨付记录（接入机构：本机构贷款）', querystring: ListPaymentsQuery, response: { 200: ListPaymentsResponse } },
  }, async (req) => plain(await x.subsidies.payments(principal(req), req.query)))
}
