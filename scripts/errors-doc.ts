/**
 * Adds the codes docs/errors.md lacks, with the catalogue's Chinese message as the explanation and a remedy by
 * kind, for a person to refine; removes none (the test names stale ones). `node --import tsx scripts/errors-doc.ts`
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { collectErrorCodes, documentedCodes } from '../test/docs/error-codes.js'

const REMEDY: Record<string, string> = {
  invalid_data: '按提示修正请求或数据后重新提交',
  not_found: '核对代码、编号是否正确；确认对象存在后重试',
  not_allowed: '使用有相应权限的账号，或联系信用服务中心开通',
  unauthorized: '重新登录，或使用有效的 API 密钥',
  conflict: '刷新后查看当前状态，再决定下一步',
  unexpected_state: '稍后重试；仍失败请联系信用服务中心运维',
  issue: '按原因修正该条记录，在隔离区修正后重新提交，或由报送单位修正后重报',
}

const path = 'docs/errors.md'
const codes = await collectErrorCodes()
const documented = documentedCodes()
const missing = [...codes.values()].filter((c) => !documented.has(c.code)).sort((a, b) => a.code.localeCompare(b.code))
if (missing.length === 0) {
  console.log('docs/errors.md lists every code')
} else {
  const rows = missing.map((c) => `| \`${c.code}\` | ${c.zh.replace(/%s/g, '…') || '（见 ' + c.source + '）'} | ${REMEDY[c.type] ?? REMEDY.issue} |`)
  writeFileSync(path, readFileSync(path, 'utf8').trimEnd() + '\n' + rows.join('\n') + '\n')
  console.log(`added ${missing.length} codes to ${path}:\n${missing.map((c) => c.code).join('\n')}`)
}
