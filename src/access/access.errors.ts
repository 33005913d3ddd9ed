import { defineErrors } from '../core/index.js'

export const AccessErrors = defineErrors('ACCESS', {
  UNAUTHENTICATED: { type: 'unauthorized', zh: '请先登录或提供有效的 API 密钥', en: 'log in or present a valid API key' },
  SESSION_EXPIRED: { type: 'unauthorized', zh: '登录已过期，请重新登录', en: 'the session has expired; log in again' },
  BAD_CREDENTIALS: { type: 'unauthorized', zh: '用户名或密码错误', en: 'wrong username or password' },
  KEY_INVALID: { type: 'unauthorized', zh: 'API 密钥无效、已过期或已吊销', en: 'the API key is invalid, expired or revoked' },
  FORBIDDEN: { type: 'not_allowed', zh: '当前角色（%s）无权执行此操作', en: 'role %s may not do this' },
  NOT_YOUR_DATA: { type: 'not_allowed', zh: '只能访问本单位的数据', en: 'only your own organisation\'s data is accessible' },
  REASON_REQUIRED: { type: 'invalid_data', zh: '此操作须说明理由（将记入审计日志）', en: 'this action needs a stated reason (it is written to the audit log)' },
  SCOPE_MISSING: { type: 'not_allowed', zh: 'API 密钥缺少此接口所需的权限：%s', en: 'the API key lacks the scope this route needs: %s' },
  REGISTRATION_PENDING: { type: 'not_allowed', zh: '注册尚未审核通过，目前只能查看注册状态', en: 'the registration is not yet approved; only its status can be seen' },
  ORGANIZATION_DISABLED: { type: 'unauthorized', zh: '所属机构已停用，请联系信用服务中心', en: 'the organisation of this account is disabled' },
  USERNAME_TAKEN: { type: 'conflict', zh: '用户名已存在：%s', en: 'username already exists: %s' },
})
