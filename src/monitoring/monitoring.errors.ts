import { defineErrors } from '../core/index.js'

export const MonitoringErrors = defineErrors('MONITORING', {
  NO_GRANT: { type: 'not_allowed', zh: '无该主体的有效授权，不能加入监测名单：%s', en: 'no live grant for this subject, it cannot be watched: %s' },
  WATCH_NOT_FOUND: { type: 'not_found', zh: '监测记录不存在：%s', en: 'no such watch: %s' },
  ALERT_NOT_FOUND: { type: 'not_found', zh: '预警不存在：%s', en: 'no such alert: %s' },
  LAST_EVENT_ID_INVALID: { type: 'invalid_data', zh: '请求头 Last-Event-ID 有误，应为上次收到的预警编号（UUID）：%s', en: 'the Last-Event-ID header is invalid, it must be the id of the last alert received (a UUID): %s' },
  RULE_INVALID: { type: 'invalid_data', zh: '预警规则有误（%s）：%s', en: 'the alert rule is invalid (%s): %s' },
  WEBHOOK_URL_INVALID: { type: 'invalid_data', zh: '回调地址不可用（url）：%s', en: 'the webhook URL cannot be used (url): %s' },
  WEBHOOK_NOT_SET: { type: 'not_found', zh: '尚未设置回调地址', en: 'no webhook is set' },
  TOO_MANY: { type: 'invalid_data', zh: '一次最多 %s 项（%s）', en: 'at most %s entries at once (%s)' },
  NEGATIVE_RULE_INVALID: { type: 'invalid_data', zh: '负面信息规则有误（%s）：%s', en: 'the negative-record rule is invalid (%s): %s' },
  NEGATIVE_RULE_NOT_ALLOWED: { type: 'not_allowed', zh: '仅信用服务中心可设置负面信息规则（监管部门可查看）', en: 'only the credit service centre may set negative-record rules (supervisors may read them)' },
  TOO_MANY_STREAMS: { type: 'throttled', zh: '实时预警连接过多：每个账号最多同时打开 %s 个，请先关闭其他页面', en: 'too many live alert streams: at most %s open at once per account, close another first' },
  STATS_NOT_ALLOWED: { type: 'not_allowed', zh: '仅信用服务中心和监管部门可查看监测预警统计', en: 'only the credit service centre and supervisors may read monitoring statistics' },
  STATS_FILTER_INVALID: { type: 'invalid_data', zh: '统计条件有误（%s）：%s', en: 'the statistics filter is invalid (%s): %s' },
  NO_INSTITUTION: { type: 'not_allowed', zh: '该账号不属于任何金融机构', en: 'the account belongs to no institution' },
})
