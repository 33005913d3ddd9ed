import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { InstitutionService } from './institution.service.js'
import { principal } from './request-principal.js'
import { actorOf } from '../audit/index.js'
import { OnboardingErrors } from './onboarding.errors.js'
import { INSTITUTION_TYPES, PLATFORM_TYPES } from './institution.types.js'
import {
  CreateOrganizationBody, DisableBody, ListOrganizationsQuery, ListOrganizationsResponse, OrganizationParams, OrganizationResponse,
  OrganizationTypesResponse, UpdateOrganizationBody,
} from './institution.schemas.js'

/** What these routes use of the product (`createXinshu()` provides it). */
export interface InstitutionRoutesServices { institutions: InstitutionService }

/** The directory of institutions and platforms: the operator onboards, edits, disables and enables them. */
export const institutionRoutes: FastifyPluginAsyncTypebox<{ x: InstitutionRoutesServices }> = async (app, { x }) => {
  app.get('/api/directory/types', {
    config: { policy: { roles: ['operator', 'supervisor'] } },
    schema: { tags: ['directory'], summary: '机构类型（接入机构、服务平台）', response: { 200: OrganizationTypesResponse } },
  }, async () => ({ institution: INSTITUTION_TYPES, platform: PLATFORM_TYPES }))

  app.get('/api/directory', {
    config: { policy: { roles: ['operator', 'supervisor'] } },
    schema: { tags: ['directory'], summary: '机构名录：接入机构和服务平台', querystring: ListOrganizationsQuery, response: { 200: ListOrganizationsResponse } },
  }, async (req) => x.institutions.list(req.query))

  app.post('/api/directory', {
    config: { policy: { roles: ['operator'] } },
    schema: { tags: ['directory'], summary: '录入接入机构或服务平台', body: CreateOrganizationBody, response: { 201: OrganizationResponse } },
  }, async (req, reply) => reply.status(201).send(await x.institutions.create(actorOf(principal(req)), req.body)))

  app.get('/api/directory/:name', {
    config: { policy: { roles: ['operator', 'supervisor'] } },
    schema: { tags: ['directory'], summary: '机构详情', params: OrganizationParams, response: { 200: OrganizationResponse } },
  }, async (req) => {
    const o = await x.institutions.find(req.params.name)
    if (!o) throw OnboardingErrors.ORGANIZATION_NOT_FOUND(req.params.name)
    return o
  })

  app.put('/api/directory/:name', {
    config: { policy: { roles: ['operator'] } },
    schema: { tags: ['directory'], summary: '修改机构类型、服务地区、联系人', params: OrganizationParams, body: UpdateOrganizationBody, response: { 200: OrganizationResponse } },
  }, async (req) => x.institutions.update(actorOf(principal(req)), req.params.name, req.body))

  app.post('/api/directory/:name/disable', {
    config: { policy: { roles: ['operator'] } },
    schema: { tags: ['directory'], summary: '停用机构（其账号和 API 密钥立即失效）', params: OrganizationParams, body: DisableBody, response: { 200: OrganizationResponse } },
  }, async (req) => x.institutions.setDisabled(actorOf(principal(req)), req.params.name, true, req.body.reason))

  app.post('/api/directory/:name/enable', {
    config: { policy: { roles: ['operator'] } },
    schema: { tags: ['directory'], summary: '启用机构', params: OrganizationParams, response: { 200: OrganizationResponse } },
  }, async (req) => x.institutions.setDisabled(actorOf(principal(req)), req.params.name, false))
}
