export { createReportService, type ReportService } from './report.service.js'
