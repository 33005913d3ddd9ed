import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { RegistrationService } from './enterprise-registration.service.js'
import { principal } from './request-principal.js'
import { actorOf } from '../audit/index.js'
import {
  CheckModeBody, DecideBody, ListRegistrationsQuery, ListRegistrationsResponse, REGISTRATION_BODY_LIMIT, RegisterBody, RegistrationIdParams,
  RegistrationResponse,
} from './enterprise-registration.schemas.js'

/** What these routes use of the product (`createXinshu()` provides it). */
export interface RegistrationRoutesServices { registrations: RegistrationService }

/**
 * Enterprise self-registration: the public form, the registrant's status (the only thing a pending account can
 * read), and the operator's queue and check setting.
 */
export const registrationRoutes: FastifyPluginAsyncTypebox<{ x: RegistrationRoutesServices }> = async (app, { x }) => {
  app.post('/api/registrations', {
    config: { policy: { public: true } },
    bodyLimit: REGISTRATION_BODY_LIMIT,
    schema: { tags: ['registration'], summary: '企业自助注册（账号待审核，审核通过后关联本企业）', body: RegisterBody, response: { 201: RegistrationResponse } },
  }, async (req, reply) => reply.status(201).send(await x.registrations.register(req.body, { ip: req.ip })))

  app.get('/api/registration', {
    config: { policy: { roles: ['enterprise'], pending: true } },
    schema: { tags: ['registration'], summary: '本账号的注册申请及审核状态', response: { 200: RegistrationResponse } },
  }, async (req) => x.registrations.mine(principal(req).accountId))

  app.get('/api/registrations', {
    config: { policy: { roles: ['operator'] } },
    schema: { tags: ['registration'], summary: '企业注册审核队列', querystring: ListRegistrationsQuery, response: { 200: ListRegistrationsResponse } },
  }, async (req) => x.registrations.list(actorOf(principal(req)), req.query))

  app.get('/api/registrations/:id', {
    config: { policy: { roles: ['operator'] } },
    schema: { tags: ['registration'], summary: '注册申请详情（法定代表人证件号码脱敏）', params: RegistrationIdParams, response: { 200: RegistrationResponse } },
  }, async (req) => x.registrations.get(actorOf(principal(req)), req.params.id))

  app.post('/api/registrations/:id/approve', {
    config: { policy: { roles: ['operator'] } },
    schema: { tags: ['registration'], summary: '审核通过：账号关联本企业', params: RegistrationIdParams, body: DecideBody, response: { 200: RegistrationResponse } },
  }, async (req) => x.registrations.decide(actorOf(principal(req)), req.params.id, { approve: true, reason: req.body.reason }))

  app.post('/api/registrations/:id/refuse', {
    config: { policy: { roles: ['operator'] } },
    schema: { tags: ['registration'], summary: '审核不通过（须说明理由，注册人可见）', params: RegistrationIdParams, body: DecideBody, response: { 200: RegistrationResponse } },
  }, async (req) => x.registrations.decide(actorOf(principal(req)), req.params.id, { approve: false, reason: req.body.reason }))

  app.get('/api/settings/registration-check', {
    config: { policy: { roles: ['operator'] } },
    schema: { tags: ['registration'], summary: '注册核验方式', response: { 200: CheckModeBody } },
  }, async () => ({ mode: await x.registrations.checkMode() }))

  app.put('/api/settings/registration-check', {
    config: { policy: { roles: ['operator'] } },
    schema: { tags: ['registration'], summary: '设置注册核验方式', body: CheckModeBody, response: { 200: CheckModeBody } },
  }, async (req) => ({ mode: await x.registrations.setCheckMode(actorOf(principal(req)), req.body.mode) }))
}
