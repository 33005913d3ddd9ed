/** Shapes of /api/monitoring (src/monitoring/monitoring.schemas.ts). */
export interface MonitoringAlert {
  id: string; subjectKey: string; kind: string; severity: string; itemKey: string | null; title: string; createdAt: string
  acknowledgedAt: string | null; acknowledgedBy: string | null
}
export interface Watch { id: string; subjectKey: string; source: 'loan' | 'manual'; loanId: string | null; note: string | null; createdAt: string; endedAt: string | null; endReason: string | null }
export interface Rule { kind: string; enabled: boolean; severity: string; channels: string[]; custom: boolean }
export interface Delivery { id: string; alertId: string; url: string; status: string; attempts: number; lastStatus: number | null; lastError: string | null; createdAt: string; deliveredAt: string | null; log: Array<{ n: number; at: string; httpStatus: number | null; error: string | null; durationMs: number }> }
export interface WebhookView { webhook: { url: string; enabled: boolean; updatedBy: string; updatedAt: string } | null }
