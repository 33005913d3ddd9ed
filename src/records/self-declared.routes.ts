import { Type } from '@sinclair/typebox'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { SelfDeclaredService } from './self-declared.service.js'
import { principal } from '../access/index.js'
import { COMMITMENT_TYPES, type CommitmentType } from './self-declared.types.js'
import {
  CommitBody, CommitmentResponse, CommitmentTemplatesResponse, DeclarableItemsResponse, DeclarationIdParams, DeclareBody, SelfDeclarationResponse,
} from './self-declared.schemas.js'

/** What these routes use of the product (`createXinshu()` provides it). */
export interface SelfDeclaredRoutesServices { selfDeclared: SelfDeclaredService }

/** 自愿填报 and 信用承诺 over HTTP: the enterprise, on its own subject only. */
export const selfDeclaredRoutes: FastifyPluginAsyncTypebox<{ x: SelfDeclaredRoutesServices }> = async (app, { x }) => {
  app.get('/api/self/declarable-items', {
    config: { policy: { roles: ['enterprise'] } },
    schema: { tags: ['self-declared'], summary: '可自愿填报的信息项及其字段', response: { 200: DeclarableItemsResponse } },
  }, async () => x.selfDeclared.declarableItems())

  app.get('/api/self/declarations', {
    config: { policy: { roles: ['enterprise'] } },
    schema: { tags: ['self-declared'], summary: '本企业自愿填报的信息（含已撤回）', response: { 200: Type.Array(SelfDeclarationResponse) } },
  }, async (req) => x.selfDeclared.mine(principal(req)))

  app.post('/api/self/declarations', {
    config: { policy: { roles: ['enterprise'] } },
    bodyLimit: 64 * 1024,
    schema: { tags: ['self-declared'], summary: '自愿填报：按共享清单的字段补充本企业信息（标注为自愿填报，不覆盖报送数据）', body: DeclareBody, response: { 201: SelfDeclarationResponse } },
  }, async (req, reply) => reply.status(201).send(await x.selfDeclared.declare(principal(req), req.body.itemKey, req.body.values)))

  app.post('/api/self/declarations/:id/withdraw', {
    config: { policy: { roles: ['enterprise'] } },
    schema: { tags: ['self-declared'], summary: '撤回一条自愿填报信息', params: DeclarationIdParams, response: { 200: SelfDeclarationResponse } },
  }, async (req) => x.selfDeclared.withdraw(principal(req), req.params.id))

  app.get('/api/self/commitment-templates', {
    config: { policy: { roles: ['enterprise'] } },
    schema: { tags: ['self-declared'], summary: '信用承诺书模板（已填入本企业名称和代码）', response: { 200: CommitmentTemplatesResponse } },
  }, async (req) => Promise.all((Object.keys(COMMITMENT_TYPES) as CommitmentType[]).map(async (type) => ({ type, name: COMMITMENT_TYPES[type].name, text: await x.selfDeclared.commitmentText(principal(req), type) }))))

  app.get('/api/self/commitments', {
    config: { policy: { roles: ['enterprise'] } },
    schema: { tags: ['self-declared'], summary: '本企业签署的信用承诺', response: { 200: Type.Array(CommitmentResponse) } },
  }, async (req) => x.selfDeclared.commitments(principal(req)))

  app.post('/api/self/commitments', {
    config: { policy: { roles: ['enterprise'] } },
    schema: { tags: ['self-declared'], summary: '签署信用承诺', body: CommitBody, response: { 201: CommitmentResponse } },
  }, async (req, reply) => reply.status(201).send(await x.selfDeclared.commit(principal(req), req.body)))
}
