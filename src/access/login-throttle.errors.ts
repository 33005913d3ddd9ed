import { defineErrors } from '../core/index.js'

export const LoginThrottleErrors = defineErrors('ACCESS', {
  LOGIN_LOCKED: { type: 'throttled', zh: '登录失败次数过多，已暂时锁定，请 %s 分钟后再试', en: 'too many failed logins; locked, try again in %s minutes' },
})
