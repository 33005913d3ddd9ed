import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyRequest } from 'fastify'
import type { Xinshu } from '../app/xinshu.js'
import { principal } from '../http/plugins/auth.js'
import { applyForFinancing } from '../flows/apply-for-financing.flow.js'
import { reportLoanStep } from '../flows/report-loan-step.flow.js'
import {
  ApplicationDetailResponse, ApplicationListQuery, ApplicationListResponse, ApplicationResponse, ApplyBody, ApplyResponse, IdParams, LateStepsResponse, LendBody,
  MatchResponse, NeedBody, NeedListResponse, NeedResponse, NoteBody, OpenNeedListResponse, OverdueBody, PageQuery, ProductBody, ProductListQuery, ProductListResponse,
  ProductResponse, ProductVersionsResponse, ReferenceResponse, RefuseBody, RepayBody, ReviewBody, VersionParams,
} from './financing.schemas.js'
import { REFUSAL_REASONS, REPAYMENT_WAYS, type ProductInput } from './financing.types.js'
import { PRODUCT_TYPES } from './loan-facts.js'
import { SERVICE_LEVELS } from './service-levels.js'
import { RULE_KINDS, RULE_LIMITS, type EligibilityRule } from './eligibility-rules.js'

/** Product documents are small; a bigger body is refused before it is parsed. */
const PRODUCT_BODY_LIMIT = 64 * 1024
const ctxOf = (req: FastifyRequest) => ({ ip: req.ip, ...(req.headers['user-agent'] ? { userAgent: String(req.headers['user-agent']).slice(0, 200) } : {}) })
const asInput = (b: typeof ProductBody.static): ProductInput => ({ ...b, rules: b.rules as EligibilityRule[] })
const all = ['operator', 'institution', 'enterprise', 'supervisor', 'platform'] as const
// Institutions' and enterprises' systems report and read by API key (§七): reads need financing:read, steps
// financing:write. The operator's review is for people, so it names no scope.
const read = 'financing:read' as const
const write = 'financing:write' as const

/**
 * 信易贷 over HTTP: the product shelf (institutions write, the operator reviews), enterprises' needs and their matches,
 * applications and the loans they become (institutions report each step by API), service clocks and late steps.
 * The supervisor reads; it changes nothing.
 */
export const financingRoutes: FastifyPluginAsyncTypebox<{ x: Xinshu }> = async (app, { x }) => {
  const tags = ['financing']

  app.get('/api/financing/reference', {
    config: { policy: { roles: all, scope: read } },
    schema: { tags, summary: '融资业务参考数据：产品类型、还款方式、拒绝原因、服务时限（工作日）、准入规则类型', response: { 200: ReferenceResponse } },
  }, async () => ({ productTypes: PRODUCT_TYPES, repaymentWays: REPAYMENT_WAYS, refusalReasons: REFUSAL_REASONS, serviceLevels: SERVICE_LEVELS, ruleKinds: RULE_KINDS, ruleLimits: RULE_LIMITS }))

  // --- products -------------------------------------------------------------------------------------------------
  app.get('/api/financing/products', {
    config: { policy: { roles: all, scope: read } },
    schema: { tags, summary: '金融产品（机构：本机构全部；中心、监管：全部；其他：已发布）', querystring: ProductListQuery, response: { 200: ProductListResponse } },
  }, async (req) => x.products.list(principal(req), req.query))

  app.post('/api/financing/products', {
    bodyLimit: PRODUCT_BODY_LIMIT,
    config: { policy: { roles: ['institution'], scope: write } },
    schema: { tags, summary: '机构新建金融产品（草稿）', body: ProductBody, response: { 201: ProductResponse } },
  }, async (req, reply) => reply.status(201).send(await x.products.create(principal(req), asInput(req.body))))

  app.get('/api/financing/products/:id', {
    config: { policy: { roles: all, scope: read } },
    schema: { tags, summary: '产品的各版本', params: IdParams, response: { 200: ProductVersionsResponse } },
  }, async (req) => ({ versions: await x.products.versions(principal(req), req.params.id) }))

  app.put('/api/financing/products/:id', {
    bodyLimit: PRODUCT_BODY_LIMIT,
    config: { policy: { roles: ['institution'], scope: write } },
    schema: { tags, summary: '修改产品（已发布的产品生成新版本，审核通过后替代旧版本）', params: IdParams, body: ProductBody, response: { 200: ProductResponse } },
  }, async (req) => x.products.update(principal(req), req.params.id, asInput(req.body)))

  for (const [action, summary] of [['submit', '提交审核'], ['pause', '暂停'], ['resume', '恢复发布'], ['retire', '下架']] as const) {
    app.post(`/api/financing/products/:id/${action}`, {
      config: { policy: { roles: ['institution'], scope: write } },
      schema: { tags, summary: `机构${summary}产品`, params: IdParams, response: { 200: ProductResponse } },
    }, async (req) => x.products[action](principal(req), req.params.id))
  }

  app.post('/api/financing/products/:id/versions/:version/review', {
    config: { policy: { roles: ['operator'] } },
    schema: { tags, summary: '信用服务中心审核产品版本（通过即发布；驳回须说明理由）', params: VersionParams, body: ReviewBody, response: { 200: ProductResponse } },
  }, async (req) => x.products.review(principal(req), req.params.id, req.params.version, req.body))

  // --- needs ----------------------------------------------------------------------------------------------------
  app.post('/api/financing/needs', {
    config: { policy: { roles: ['enterprise'], scope: write } },
    schema: { tags, summary: '企业发布融资需求（地区取自企业登记信息）', body: NeedBody, response: { 201: NeedResponse } },
  }, async (req, reply) => reply.status(201).send(await x.needs.publish(principal(req), req.body)))

  app.get('/api/financing/needs', {
    config: { policy: { roles: ['enterprise', 'operator', 'supervisor'], scope: read } },
    schema: { tags, summary: '融资需求（企业：本企业；中心、监管：全部）', querystring: PageQuery, response: { 200: NeedListResponse } },
  }, async (req) => x.needs.list(principal(req), req.query))

  app.get('/api/financing/needs/open', {
    config: { policy: { roles: ['institution'], scope: read } },
    schema: { tags, summary: '本机构服务地区内的待对接融资需求（企业名称仅对其申请或授权的机构显示）', querystring: PageQuery, response: { 200: OpenNeedListResponse } },
  }, async (req) => x.needs.forInstitution(principal(req), req.query))

  app.get('/api/financing/needs/:id', {
    config: { policy: { roles: ['enterprise', 'operator', 'supervisor'], scope: read } },
    schema: { tags, summary: '融资需求详情', params: IdParams, response: { 200: NeedResponse } },
  }, async (req) => x.needs.get(principal(req), req.params.id))

  app.get('/api/financing/needs/:id/matches', {
    config: { policy: { roles: ['enterprise'], scope: read } },
    schema: { tags, summary: '为融资需求匹配已发布产品，逐条说明符合或不符合的原因', params: IdParams, querystring: PageQuery, response: { 200: MatchResponse } },
  }, async (req) => x.needs.match(principal(req), req.params.id, { limit: req.query.limit }))

  app.post('/api/financing/needs/:id/close', {
    config: { policy: { roles: ['enterprise'], scope: write } },
    schema: { tags, summary: '关闭融资需求', params: IdParams, response: { 200: NeedResponse } },
  }, async (req) => x.needs.close(principal(req), req.params.id))

  // --- applications ---------------------------------------------------------------------------------------------
  app.post('/api/financing/applications', {
    config: { policy: { roles: ['enterprise'], scope: write } },
    schema: { tags, summary: '企业申请产品，并在同一步骤授权贷款机构查看所需信息', body: ApplyBody, response: { 201: ApplyResponse } },
  }, async (req, reply) => reply.status(201).send(await applyForFinancing({ db: x.db, grants: x.grants, applications: x.applications }).run(principal(req), req.body, { ...ctxOf(req), how: principal(req).via === 'api_key' ? 'api' : 'web-consent' })))

  app.get('/api/financing/applications', {
    config: { policy: { roles: ['enterprise', 'institution', 'operator', 'supervisor'], scope: read } },
    schema: { tags, summary: '融资申请（企业：本企业；机构：本机构待办；中心、监管：全部，可只看超期）', querystring: ApplicationListQuery, response: { 200: ApplicationListResponse } },
  }, async (req) => x.applications.list(principal(req), req.query))

  app.get('/api/financing/applications/:id', {
    config: { policy: { roles: ['enterprise', 'institution', 'operator', 'supervisor'], scope: read } },
    schema: { tags, summary: '融资申请详情、办理记录与还款记录', params: IdParams, response: { 200: ApplicationDetailResponse } },
  }, async (req) => x.applications.get(principal(req), req.params.id))

  const institutionStep = { policy: { roles: ['institution'] as const, scope: write } }
  // Loan steps go through the flow that tells risk compensation and the interest subsidy in the same transaction.
  const loans = reportLoanStep({ db: x.db, applications: x.applications, compensation: x.compensation, subsidies: x.subsidies, profiles: x.profiles, selfDeclared: x.selfDeclared, audit: x.audit, watch: x.monitoring.service })
  for (const [action, summary] of [['accept', '受理'], ['approve', '审批通过']] as const) {
    app.post(`/api/financing/applications/:id/${action}`, {
      config: institutionStep,
      schema: { tags, summary: `机构${summary}`, params: IdParams, body: NoteBody, response: { 200: ApplicationResponse } },
    }, async (req) => x.applications[action](principal(req), req.params.id, req.body.note))
  }
  for (const [action, summary] of [['cure', '报送逾期已还清'], ['settle', '报送结清'], ['default', '报送违约（代偿）']] as const) {
    app.post(`/api/financing/applications/:id/${action}`, {
      config: institutionStep,
      schema: { tags, summary: `机构${summary}`, params: IdParams, body: NoteBody, response: { 200: ApplicationResponse } },
    }, async (req) => loans[action](principal(req), req.params.id, req.body.note))
  }
  app.post('/api/financing/applications/:id/refuse', {
    config: institutionStep,
    schema: { tags, summary: '机构审批拒绝（原因代码见参考数据）', params: IdParams, body: RefuseBody, response: { 200: ApplicationResponse } },
  }, async (req) => x.applications.refuse(principal(req), req.params.id, req.body))
  app.post('/api/financing/applications/:id/lend', {
    config: institutionStep,
    schema: { tags, summary: '机构报送放款（合同编号、金额、利率、日期须在产品范围内）', params: IdParams, body: LendBody, response: { 200: ApplicationResponse } },
  }, async (req) => loans.lend(principal(req), req.params.id, req.body))
  app.post('/api/financing/applications/:id/repay', {
    config: institutionStep,
    schema: { tags, summary: '机构报送还款（符合贴息项目的还款同时贴息；带流水号的重复报送只记一次）', params: IdParams, body: RepayBody, response: { 200: ApplicationResponse } },
  }, async (req) => (await loans.repay(principal(req), req.params.id, req.body)).application)
  app.post('/api/financing/applications/:id/overdue', {
    config: institutionStep,
    schema: { tags, summary: '机构报送逾期', params: IdParams, body: OverdueBody, response: { 200: ApplicationResponse } },
  }, async (req) => loans.overdue(principal(req), req.params.id, req.body))
  app.post('/api/financing/applications/:id/withdraw', {
    config: { policy: { roles: ['enterprise'], scope: write } },
    schema: { tags, summary: '企业撤回申请（受理或审批前）', params: IdParams, body: NoteBody, response: { 200: ApplicationResponse } },
  }, async (req) => x.applications.withdraw(principal(req), req.params.id, req.body.note))

  app.get('/api/financing/late-steps', {
    config: { policy: { roles: ['operator', 'supervisor', 'institution'], scope: read } },
    schema: { tags, summary: '超过服务时限办理或报送的环节，按机构统计（机构只看本机构）', response: { 200: LateStepsResponse } },
  }, async (req) => x.applications.lateSteps(principal(req)))
}
