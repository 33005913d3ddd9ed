import { defineErrors } from '../../core/index.js'

export const ScorecardErrors = defineErrors('SCORECARD', {
  NOT_FOUND: { type: 'not_found', zh: '评分卡不存在：%s', en: 'no such scorecard: %s' },
  INSTITUTION_ONLY: { type: 'not_allowed', zh: '评分卡仅供接入机构使用（账号须关联机构）', en: 'scorecards are for access institutions only (the account must act for one)' },
  INVALID: { type: 'invalid_data', zh: '评分卡训练参数有误（%s）：%s', en: 'the scorecard training request is invalid (%s): %s' },
  TOO_FEW_OUTCOMES: { type: 'conflict', zh: '可用于训练的贷款表现不足：%s（至少须 %s 笔，其中正常和逾期/违约各至少 %s 笔）', en: 'not enough loan outcomes to train on: %s (at least %s, with at least %s good and as many bad)' },
  TRAINING_RUNNING: { type: 'throttled', zh: '本机构已有一个评分卡训练正在进行，请待其完成后再训练（每个机构同时只能训练一个）', en: 'a scorecard training of this institution is already running; train again once it has finished (one at a time per institution)' },
  GRANT_REQUIRED: { type: 'not_allowed', zh: '须有该企业有效的授权（查看、核验或模型方式均可）才能%s', en: 'a live grant from this enterprise (view, verify or model) is needed to %s' },
})

export const PortraitErrors = defineErrors('PORTRAIT', {
  NOT_ALLOWED: { type: 'not_allowed', zh: '无权查看该企业的信用画像', en: 'you may not see this enterprise\'s portrait' },
  SUBJECT_NOT_FOUND: { type: 'not_found', zh: '信用主体不存在：%s', en: 'no such subject: %s' },
})
