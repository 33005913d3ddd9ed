import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { ProfileService } from './profile.service.js'
import { principal, AccessErrors } from '../access/index.js'
import { ProfileResponse, ReadProfileQuery, SubjectCodeParams } from './profile.schemas.js'

/** What these routes use of the product (`createXinshu()` provides it). */
export interface ProfileRoutesServices { profiles: ProfileService }

/**
 * The enterprise credit profile. One route for every role that may look, each cut by `disclose`; and the
 * enterprise's free self-query of its own profile (who looked at it: GET /api/audit/entries).
 */
export const profileRoutes: FastifyPluginAsyncTypebox<{ x: ProfileRoutesServices }> = async (app, { x }) => {
  app.get('/api/subjects/:code/profile', {
    config: { policy: { roles: ['operator', 'institution', 'enterprise', 'supervisor', 'platform'], scope: 'profile:read' } },
    schema: {
      tags: ['profile'], summary: '企业信用画像：按目录分类的全部信息及来源，按调用方权限裁剪（非公开信息的读取记入审计日志）',
      params: SubjectCodeParams, querystring: ReadProfileQuery, response: { 200: ProfileResponse },
    },
  }, async (req) => x.profiles.read(principal(req), req.params.code, { reveal: req.query.reveal, grantId: req.query.grant }))

  app.get('/api/self/profile', {
    config: { policy: { roles: ['enterprise'], scope: 'profile:read' } },
    schema: { tags: ['profile'], summary: '企业免费自查：本企业的全部信息（证件号码完整显示）', response: { 200: ProfileResponse } },
  }, async (req) => {
    const p = principal(req)
    if (!p.organization) throw AccessErrors.NOT_YOUR_DATA()
    return x.profiles.read(p, p.organization)
  })
}
