import { Type } from '@sinclair/typebox'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { AccountAdminService } from './account-admin.service.js'
import { principal } from './request-principal.js'
import { actorOf } from '../audit/index.js'
import { untilEndOfBeijingDay } from '../core/index.js'
import { ROLES } from './access.types.js'
import { API_SCOPES, API_SCOPE_NAMES, ROLE_SCOPES } from './api-scopes.js'
import {
  AccountIdParams, AccountResponse, ApiKeyResponse, CreateAccountBody, CreateAccountResponse, CreateKeyBody, CreateKeyResponse, KeyIdParams,
  ListAccountsQuery, ListAccountsResponse, OptionalReasonBody, ResetPasswordBody, ResetPasswordResponse, ScopesResponse,
} from './account-admin.schemas.js'

/** A date alone means the end of that day, Beijing time (as grants do). */
const expiryOf = untilEndOfBeijingDay

/** What these routes use of the product (`createXinshu()` provides it). */
export interface AccountAdminRoutesServices { accounts: AccountAdminService }

/**
 * Accounts and API keys. The operator creates, lists, disables and enables accounts, resets passwords, and issues and
 * revokes keys for any account; institutions, providers and platforms issue and revoke keys for their own account.
 * Keys are managed by people (sessions): no scope opens these routes to a key.
 */
export const accountAdminRoutes: FastifyPluginAsyncTypebox<{ x: AccountAdminRoutesServices }> = async (app, { x }) => {
  app.get('/api/api-scopes', {
    config: { policy: { roles: ['operator', 'institution', 'provider', 'platform'] } },
    schema: { tags: ['accounts'], summary: 'API 密钥的权限（及可持有的角色）', response: { 200: ScopesResponse } },
  }, async () => API_SCOPE_NAMES.map((scope) => ({ scope, ...API_SCOPES[scope], roles: ROLES.filter((r) => ROLE_SCOPES[r].includes(scope)) })))

  app.get('/api/accounts', {
    config: { policy: { roles: ['operator'] } },
    schema: { tags: ['accounts'], summary: '账号列表', querystring: ListAccountsQuery, response: { 200: ListAccountsResponse } },
  }, async (req) => x.accounts.listAccounts(req.query))

  app.post('/api/accounts', {
    config: { policy: { roles: ['operator'] } },
    schema: { tags: ['accounts'], summary: '开设账号（接入机构、服务平台、数据提供单位、监管部门、企业、中心）', body: CreateAccountBody, response: { 201: CreateAccountResponse } },
  }, async (req, reply) => reply.status(201).send(await x.accounts.createAccount(actorOf(principal(req)), req.body)))

  app.get('/api/accounts/:id', {
    config: { policy: { roles: ['operator'] } },
    schema: { tags: ['accounts'], summary: '账号详情', params: AccountIdParams, response: { 200: AccountResponse } },
  }, async (req) => x.accounts.getAccount(req.params.id))

  app.post('/api/accounts/:id/disable', {
    config: { policy: { roles: ['operator'] } },
    schema: { tags: ['accounts'], summary: '停用账号（立即退出登录，API 密钥失效）', params: AccountIdParams, body: OptionalReasonBody, response: { 200: AccountResponse } },
  }, async (req) => x.accounts.setAccountDisabled(actorOf(principal(req)), req.params.id, true, req.body.reason))

  app.post('/api/accounts/:id/enable', {
    config: { policy: { roles: ['operator'] } },
    schema: { tags: ['accounts'], summary: '启用账号', params: AccountIdParams, body: OptionalReasonBody, response: { 200: AccountResponse } },
  }, async (req) => x.accounts.setAccountDisabled(actorOf(principal(req)), req.params.id, false, req.body.reason))

  app.post('/api/accounts/:id/password', {
    config: { policy: { roles: ['operator'] } },
    schema: { tags: ['accounts'], summary: '重置密码（新密码仅显示一次，原登录会话失效）', params: AccountIdParams, body: ResetPasswordBody, response: { 200: ResetPasswordResponse } },
  }, async (req) => x.accounts.resetPassword(actorOf(principal(req)), req.params.id, req.body.password))

  app.get('/api/accounts/:id/keys', {
    config: { policy: { roles: ['operator'] } },
    schema: { tags: ['accounts'], summary: '账号的 API 密钥（不含密钥全文）', params: AccountIdParams, response: { 200: Type.Array(ApiKeyResponse) } },
  }, async (req) => x.accounts.listKeys(req.params.id))

  app.post('/api/accounts/:id/keys', {
    config: { policy: { roles: ['operator'] } },
    schema: { tags: ['accounts'], summary: '为账号签发 API 密钥（全文仅显示一次）', params: AccountIdParams, body: CreateKeyBody, response: { 201: CreateKeyResponse } },
  }, async (req, reply) => reply.status(201).send(await x.accounts.createKey(actorOf(principal(req)), req.params.id, { ...req.body, expiresAt: expiryOf(req.body.expiresAt) })))

  app.post('/api/keys/:keyId/revoke', {
    config: { policy: { roles: ['operator'] } },
    schema: { tags: ['accounts'], summary: '吊销 API 密钥（立即生效）', params: KeyIdParams, response: { 200: ApiKeyResponse } },
  }, async (req) => x.accounts.revokeKey(actorOf(principal(req)), req.params.keyId))

  app.get('/api/self/keys', {
    config: { policy: { roles: ['institution', 'provider', 'platform'] } },
    schema: { tags: ['accounts'], summary: '本账号的 API 密钥', response: { 200: Type.Array(ApiKeyResponse) } },
  }, async (req) => x.accounts.selfKeys(principal(req).accountId))

  app.post('/api/self/keys', {
    config: { policy: { roles: ['institution', 'provider', 'platform'] } },
    schema: { tags: ['accounts'], summary: '为本账号签发 API 密钥（全文仅显示一次）', body: CreateKeyBody, response: { 201: CreateKeyResponse } },
  }, async (req, reply) => {
    const p = principal(req)
    return reply.status(201).send(await x.accounts.selfCreateKey({ ...actorOf(p), accountId: p.accountId }, { ...req.body, expiresAt: expiryOf(req.body.expiresAt) }))
  })

  app.post('/api/self/keys/:keyId/revoke', {
    config: { policy: { roles: ['institution', 'provider', 'platform'] } },
    schema: { tags: ['accounts'], summary: '吊销本账号的 API 密钥', params: KeyIdParams, response: { 200: ApiKeyResponse } },
  }, async (req) => {
    const p = principal(req)
    return x.accounts.selfRevokeKey({ ...actorOf(p), accountId: p.accountId }, req.params.keyId)
  })
}
