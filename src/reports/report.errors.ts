import { defineErrors } from '../core/index.js'

export const ReportErrors = defineErrors('REPORT', {
  NOT_FOUND: { type: 'not_found', zh: '未找到验证码或编号为 %s 的信用报告：该报告不是本中心出具的，或已被篡改', en: 'no credit report with code or number %s: it was not issued here, or it was altered' },
  NOT_YOURS: { type: 'not_allowed', zh: '只能下载本单位申请的信用报告', en: 'only reports your organisation requested can be downloaded' },
  GRANT_ENDED: { type: 'not_allowed', zh: '该报告所依据的授权（%s）已撤销或已到期，不能再下载：请向信用主体重新申请授权后重新出具报告', en: 'the grant(s) this report was issued under (%s) were revoked or have expired, so it can no longer be downloaded: ask the subject for a new grant and issue a new report' },
  FONT_MISSING: { type: 'unexpected_state', zh: '服务器缺少中文字体（fonts-noto-cjk），无法生成 PDF：请运行 scripts/ensure-system.sh', en: 'the server has no CJK font (fonts-noto-cjk), so no PDF can be made: run scripts/ensure-system.sh' },
  TOO_LARGE: { type: 'too_large', zh: '该报告含 %s 条记录，超过 PDF 版式上限 %s 条：请改用 JSON 格式（GET /api/reports/{编号}），或联系信用服务中心', en: 'this report holds %s records, more than the %s a PDF is laid out for: fetch it as JSON instead, or contact the operator' },
  BAD_CONTENT: { type: 'invalid_data', zh: '提交的内容不是信用报告 JSON', en: 'the content sent is not a credit report JSON' },
})
