import { randomUUID } from 'node:crypto'
import type { Readable } from 'node:stream'
import type { Database, Sql } from '../core/index.js'
import { isSealed, sm3 } from '../core/index.js'
import type { CatalogService } from '../catalog/index.js'
import type { AuditService } from '../audit/index.js'
import { actorOf, type AuditActor } from '../audit/index.js'
import { AccessErrors, type Principal } from '../access/index.js'
import type { StatefulRecord } from '../records/index.js'
import { createRepairRepository, type AttachmentRow, type MessageRow, type NoticeRow } from './repair.repository.js'
import { ATTACHMENT_LIMITS, readAttachment, safeFileName } from './attachments.js'
import { RepairErrors } from './repair.errors.js'
import { WHOLE_SUBJECT } from './receipts.js'
import type { AttachmentInfo, CaseMessage, CaseRecord } from './repair.types.js'

export interface RepairDeps {
  db: Database
  catalog: Pick<CatalogService, 'current'>
  /** The registry's subject keys (registry.service), passed in: its index exports the pure code checks only. */
  registry: { subjectKeyOf(code: string): string }
  audit: Pick<AuditService, 'append' | 'appendWithin' | 'recipientsOf'>
  /** The service platforms that were sent a subject's item by the feed or a snapshot (the platforms context, wired by createXinshu). */
  platforms: PlatformRecipients
  /** The institutions a monitoring alert named the record to (the monitoring context, wired by createXinshu). */
  alerts: AlertRecipients
  now?: () => Date
}

/**
 * Port: which institutions were alerted of this record (监测预警: an alert names the subject, item and record to the
 * watching institution, and its webhook body carries them), read in `sql`.
 */
export interface AlertRecipients {
  alertedOf(sql: Sql, r: { subjectKey: string; itemKey: string; recordKey: string }): Promise<string[]>
}

/**
 * Port: which platforms received a record of this subject's item. The feed's pages name many subjects in one audit
 * entry (and public-only pages none), so the platforms context's own delivery list answers, read in `sql`.
 */
export interface PlatformRecipients {
  recipientsOfItem(sql: Sql, subjectKey: string, itemKey: string): Promise<string[]>
}

/** The sweeper and the demo act as the system: audited under this name. */
export const SYSTEM_ACTOR: AuditActor = { accountId: null, username: 'system', role: 'operator', organization: '自治区社会信用服务中心' }

/** Which cases a caller sees: a subject its own, a provider its own records', the operator all. */
export type CaseView = { kind: 'subject'; subjectKey: string } | { kind: 'provider'; provider: string } | { kind: 'operator' }

export const repo = createRepairRepository()

/** Longest text of a case (reasons, messages, notes, a corrected value). */
export const MAX_TEXT = 2000

/** A person's text of a case, trimmed: at least 2 characters, at most {@link MAX_TEXT}; names the field when refused. */
export function text(field: string, v: string | undefined): string {
  const t = (v ?? '').trim()
  if (t.length < 2) throw RepairErrors.INVALID(field, '请填写（至少 2 个字）/ required, at least 2 characters')
  if (t.length > MAX_TEXT) throw RepairErrors.INVALID(field, `最多 ${MAX_TEXT} 字 / at most ${MAX_TEXT} characters`)
  return t
}

export function viewOf(p: Principal, registry: RepairDeps['registry']): CaseView {
  if (p.role === 'operator') return { kind: 'operator' }
  if (p.role === 'enterprise' && p.organization && !p.pending) return { kind: 'subject', subjectKey: registry.subjectKeyOf(p.organization) }
  if (p.role === 'provider' && p.organization) return { kind: 'provider', provider: p.organization }
  if (p.role === 'enterprise' || p.role === 'provider') throw AccessErrors.NOT_YOUR_DATA()
  throw AccessErrors.FORBIDDEN(p.role)
}

/** Whether the caller's view covers a case; refuses otherwise, without saying whether it exists. */
export function requireCase(view: CaseView, c: { subject_key: string; provider: string }): void {
  if (view.kind === 'operator') return
  if (view.kind === 'subject' && view.subjectKey === c.subject_key) return
  if (view.kind === 'provider' && view.provider === c.provider) return
  throw AccessErrors.NOT_YOUR_DATA()
}

export const scopeOf = (view: CaseView) => ({
  subjectKey: view.kind === 'subject' ? view.subjectKey : undefined,
  provider: view.kind === 'provider' ? view.provider : undefined,
})

export const itemNameOf = (catalog: RepairDeps['catalog'], itemKey: string) => catalog.current().items.get(itemKey)?.item.name ?? itemKey

/** A record for a case's screen: sealed identifiers stay hidden (the screens never need them). */
export function caseRecordOf(catalog: RepairDeps['catalog'], r: StatefulRecord): CaseRecord {
  const values: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(r.data)) values[k] = isSealed(v) ? '******' : v
  return { itemKey: r.itemKey, itemName: itemNameOf(catalog, r.itemKey), recordKey: r.recordKey, version: r.version, state: r.state, values }
}

export const messageOf = (m: MessageRow): CaseMessage => ({ id: m.id, author: m.author, authorRole: m.author_role, kind: m.kind, text: m.text, at: new Date(m.at).toISOString() })
export const attachmentOf = (a: AttachmentRow): AttachmentInfo => ({ id: a.id, name: a.name, mediaType: a.media_type, size: a.size, sm3: a.sm3, uploadedBy: a.uploaded_by, uploadedAt: new Date(a.uploaded_at).toISOString() })

export async function addMessage(tx: Sql, subjectKey: string, caseId: string, by: { username: string; role: string }, kind: MessageRow['kind'], text: string, at: Date): Promise<void> {
  await repo.addMessage(tx, subjectKey, { id: randomUUID(), case_id: caseId, author: by.username, author_role: by.role, kind, text, at })
}

/**
 * Stores one attachment of an open case, within the count and size bounds; the stream is read once, up to the limit.
 * `stillOpen` reads the case again with its row locked, in the storing transaction, and throws if it is closed: the
 * caller's check came before the upload was read, and the provider may have answered meanwhile. Holding the row
 * makes an answer arriving now wait for the upload's commit, so the attachment is on the case before it closes.
 */
export async function storeAttachment(
  deps: RepairDeps, p: Principal, c: { subjectKey: string; caseId: string; stillOpen: (tx: Sql) => Promise<void> }, file: { name: string; stream: Readable },
): Promise<AttachmentInfo> {
  const { content, mediaType } = await readAttachment(file.stream, file.name)
  const now = deps.now ?? (() => new Date())
  return deps.db.transaction(async (tx) => {
    // Uploads of one case that arrive at once would each count the others' rows as not there yet.
    await repo.lockCase(tx, c.caseId)
    await c.stillOpen(tx)
    const held = await repo.attachments(tx, c.subjectKey, c.caseId)
    if (held.length >= ATTACHMENT_LIMITS.perCase) throw RepairErrors.ATTACHMENT_TOO_MANY(ATTACHMENT_LIMITS.perCase)
    const row = { id: randomUUID(), case_id: c.caseId, name: safeFileName(file.name), media_type: mediaType, size: content.length, sm3: sm3(content), uploaded_by: p.username, uploaded_at: now() }
    await repo.addAttachment(tx, c.subjectKey, { ...row, content })
    await deps.audit.appendWithin(tx, { actor: actorOf(p), action: 'repair.attachment.add', subjectKey: c.subjectKey, details: { case: c.caseId, attachment: row.id, sm3: row.sm3, size: row.size } })
    return attachmentOf(row)
  })
}

/** An attachment's bytes for a caller who may see the case; the read is audited. */
export async function fetchAttachment(deps: RepairDeps, p: Principal, c: { subjectKey: string; caseId: string }, id: string): Promise<{ name: string; mediaType: string; content: Buffer }> {
  const a = await repo.attachmentContent(deps.db, c.subjectKey, c.caseId, id)
  if (!a) throw RepairErrors.ATTACHMENT_NOT_FOUND(id)
  await deps.audit.append({ actor: actorOf(p), action: 'repair.attachment.read', subjectKey: c.subjectKey, details: { case: c.caseId, attachment: id } })
  return { name: a.name, mediaType: a.media_type, content: Buffer.from(a.content) }
}

/**
 * Tells every institution and platform that received the record that it is no longer shared, inside the transaction
 * that withdrew it. Received: an audited read that took the item in (or, for an item with public fields, any read of
 * the whole subject: profile, report, evaluation, portrait, scorecard score), a platform delivery of the subject's
 * records (feed, snapshot; see `PlatformRecipients`), a read of public fields only (`repair.receipt`, see
 * receipts.ts), or a monitoring alert that named the record (`AlertRecipients`). One notice per organisation and
 * case: telling again adds nothing.
 */
export async function noticeRecipients(deps: RepairDeps, tx: Sql, r: { subjectKey: string; itemKey: string; recordKey: string }, reason: NoticeRow['reason'], caseId: string, at: Date): Promise<number> {
  const hasPublic = deps.catalog.current().get(r.itemKey)?.item.fields.some((f) => f.sensitivity === 'public') ?? false
  const byAudit = await deps.audit.recipientsOf(r.subjectKey, r.itemKey, tx, { wholeSubject: hasPublic })
  const recipients = new Map(byAudit.map((x) => [x.organization, x.role]))
  const add = (organization: string, role: string) => { if (!recipients.has(organization)) recipients.set(organization, role) }
  for (const platform of await deps.platforms.recipientsOfItem(tx, r.subjectKey, r.itemKey)) add(platform, 'platform')
  // Reads of public fields only (not audited): they took in the item only when it has public fields.
  if (hasPublic) for (const x of await repo.receiptsOf(tx, r.subjectKey, [WHOLE_SUBJECT, r.itemKey])) add(x.organization, x.role)
  for (const institution of await deps.alerts.alertedOf(tx, r)) add(institution, 'institution')
  await repo.addNotices(tx, [...recipients].map(([organization, role]) => ({
    id: randomUUID(), organization, role, subject_key: r.subjectKey, item_key: r.itemKey, record_key: r.recordKey, reason, case_id: caseId, created_at: at, read_at: null,
  })))
  return recipients.size
}
