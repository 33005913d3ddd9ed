import { defineErrors } from '../core/index.js'

/** The directory of institutions and platforms, accounts and keys managed by the operator, and registrations. */
export const OnboardingErrors = defineErrors('ONBOARDING', {
  ORGANIZATION_NOT_FOUND: { type: 'not_found', zh: '机构名录中没有：%s', en: 'not in the directory: %s' },
  ORGANIZATION_EXISTS: { type: 'conflict', zh: '机构名录中已有同名机构：%s', en: 'the directory already has: %s' },
  TYPE_UNKNOWN: { type: 'invalid_data', zh: '未知的机构类型：%s', en: 'unknown organisation type: %s' },
  REGION_UNKNOWN: { type: 'invalid_data', zh: '不是有效的行政区划代码（GB/T 2260）：%s', en: 'not a known division code (GB/T 2260): %s' },
  ACCOUNT_NOT_FOUND: { type: 'not_found', zh: '账号不存在：%s', en: 'no such account: %s' },
  ACCOUNT_ORGANIZATION_REQUIRED: { type: 'invalid_data', zh: '该角色的账号须指明所属单位：%s', en: 'an account of this role needs its organisation: %s' },
  ACCOUNT_ORGANIZATION_UNLISTED: { type: 'invalid_data', zh: '接入机构和服务平台须先录入机构名录：%s', en: 'institutions and platforms must be in the directory first: %s' },
  PASSWORD_WEAK: { type: 'invalid_data', zh: '密码至少 8 位，须同时包含字母和数字', en: 'a password has at least 8 characters, with letters and digits' },
  KEY_NOT_FOUND: { type: 'not_found', zh: 'API 密钥不存在：%s', en: 'no such API key: %s' },
  SCOPE_UNKNOWN: { type: 'invalid_data', zh: '未知的 API 密钥权限：%s', en: 'unknown API key scope: %s' },
  SCOPE_NOT_FOR_ROLE: { type: 'invalid_data', zh: '该角色的账号不能持有此权限：%s', en: 'an account of this role cannot hold this scope: %s' },
  KEY_EXPIRY_INVALID: { type: 'invalid_data', zh: '密钥有效期须在今天之后、两年之内', en: 'a key expires after today and within two years' },
  USCC_INVALID: { type: 'invalid_data', zh: '统一社会信用代码校验不通过：%s', en: 'the USCC fails its check: %s' },
  ID_NUMBER_INVALID: { type: 'invalid_data', zh: '法定代表人身份证号码校验不通过：%s', en: 'the legal representative\'s ID number fails its check: %s' },
  MOBILE_INVALID: { type: 'invalid_data', zh: '手机号码格式不正确', en: 'not a mainland mobile number' },
  USCC_CLAIMED: { type: 'conflict', zh: '该统一社会信用代码已有注册中或在用的企业账号', en: 'this USCC already has a pending or active enterprise account' },
  REGISTRATION_NOT_FOUND: { type: 'not_found', zh: '注册申请不存在：%s', en: 'no such registration: %s' },
  REGISTRATION_DECIDED: { type: 'conflict', zh: '该注册申请已处理（%s）', en: 'this registration has already been decided (%s)' },
  REGISTRATION_NONE: { type: 'not_found', zh: '当前账号没有注册申请', en: 'this account has no registration' },
})
