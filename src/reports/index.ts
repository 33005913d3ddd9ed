/** The credit report (公共信用信息报告): issue, PDF, public check of its verification code. */
export { createReportService, type ReportService } from './report.service.js'
