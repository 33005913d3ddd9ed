import { randomUUID } from 'node:crypto'
import { type Database, type Sql, isSealed, sm3, unseal, beijingDate } from '../core/index.js'
import type { CatalogService } from '../catalog/index.js'
import { type AuditService, actorOf } from '../audit/index.js'
import { createRowValidator } from '../ingest/index.js'
import { type Principal, AccessErrors, disclose, type ViewerBasis, DEFAULT_MASKING, maskIdentifier, type MaskingPolicy } from '../access/index.js'
import { SelfDeclaredErrors } from './self-declared.errors.js'
import { createSelfDeclaredRepository, type CommitmentRow, type SelfDeclaredRow } from './self-declared.repository.js'
import {
  COMMITMENT_TYPES, SELF_DECLARED_NOTICE, type CommitmentType, type CreditCommitment, type SelfDeclaration, type SelfDeclaredSection,
} from './self-declared.types.js'
import { appendRecordChanges } from './change-feed.js'

/** Today's date in Beijing, as a business date. */

const commitmentOf = (r: CommitmentRow): CreditCommitment => ({
  id: r.id, type: r.type, typeName: COMMITMENT_TYPES[r.type as CommitmentType]?.name ?? r.type, text: r.text, textSm3: r.text_sm3,
  signer: r.signer, signedOn: r.signed_on, signedBy: r.signed_by, createdAt: new Date(r.created_at).toISOString(),
})

/**
 * 自愿填报 + 信用承诺 (§五): an enterprise adds its own data to items of the catalog and signs credit commitments.
 * Values are validated by the catalog's field types as collected records are (personal ID numbers sealed), but are
 * stored apart from providers' records (records.self_declared), so they can never overwrite one or pass for one;
 * every view shows them under their own heading, marked as the subject's own statements.
 */
export function createSelfDeclaredService(deps: {
  db: Database; catalog: CatalogService; audit: AuditService; dataKey: Buffer; masking?: MaskingPolicy; now?: () => Date
  /** The subject's registered name, for the 承诺书 (an account's display name may be a person's). */
  subjectName?: (uscc: string) => Promise<string | null>
}) {
  const { db, catalog, audit, dataKey } = deps
  const masking = deps.masking ?? DEFAULT_MASKING
  const now = deps.now ?? (() => new Date())
  const repo = createSelfDeclaredRepository()

  function own(p: Principal): string {
    if (p.role !== 'enterprise' || !p.organization) throw AccessErrors.NOT_YOUR_DATA()
    return p.organization
  }

  /** The declarable items: those that name an organisation by its USCC, so the declaration is about the declarer. */
  function declarable(itemKey: string) {
    const resolved = catalog.current().get(itemKey)
    if (!resolved || resolved.subjectCodeField?.type !== 'uscc') throw SelfDeclaredErrors.ITEM_NOT_DECLARABLE(itemKey)
    return resolved
  }

  /** Cuts one declaration for a viewer with the same rule as providers' records (`disclose`), without any grant. */
  function cut(r: SelfDeclaredRow, basis: ViewerBasis, maskIdentifiers: boolean): SelfDeclaration | undefined {
    const resolved = catalog.current().get(r.item_key)
    if (!resolved) return undefined
    const fields = new Map(resolved.item.fields.map((f) => [f.key, f]))
    const hasPublic = resolved.item.fields.some((f) => f.sensitivity === 'public')
    const values: Record<string, unknown> = {}
    let masked: string[] | undefined
    for (const [key, v] of Object.entries(r.data)) {
      const f = fields.get(key)
      if (!f) continue
      const d = disclose(f.sensitivity, { basis, itemHasPublicFields: hasPublic, granted: false, revealed: false })
      if (d === 'withhold') continue
      if (typeof v === 'string' && isSealed(v)) {
        const plain = unseal(dataKey, v)
        const show = d === 'show' && !maskIdentifiers
        values[key] = show ? plain : maskIdentifier(plain, masking)
        if (!show) (masked ??= []).push(key)
      } else values[key] = v
    }
    return {
      id: r.id, itemKey: r.item_key, itemName: resolved.item.name, declaredAt: new Date(r.declared_at).toISOString(), declaredBy: r.declared_by,
      values, ...(masked ? { masked } : {}), withdrawnAt: r.withdrawn_at ? new Date(r.withdrawn_at).toISOString() : null,
    }
  }

  return {
    /** The items an enterprise may declare: the catalog's items that name an organisation by its USCC. */
    declarableItems(): Array<{ key: string; name: string; category: string; fields: Array<{ key: string; name: string; type: string; required: boolean }> }> {
      return [...catalog.current().items.values()]
        .filter((r) => r.subjectCodeField?.type === 'uscc')
        .map((r) => ({ key: r.item.key, name: r.item.name, category: r.category.name, fields: r.item.fields.map((f) => ({ key: f.key, name: f.name, type: f.type, required: Boolean(f.required) })) }))
    },

    /**
     * Adds a declaration to one item, about the caller's own subject only: the item's code field is set to the
     * caller's USCC whatever was sent. Every field is checked by its catalog type; all issues come back at once.
     */
    async declare(p: Principal, itemKey: string, values: Record<string, unknown>): Promise<SelfDeclaration> {
      const uscc = own(p)
      const resolved = declarable(itemKey)
      const validate = createRowValidator(resolved, { dataKey, usccAllowlist: new Set([uscc]), now })
      const result = validate({ ...values, [resolved.subjectCodeField!.key]: uscc })
      if (!result.ok) throw Object.assign(SelfDeclaredErrors.VALUES_INVALID(), { details: { issues: result.issues } })
      const row = await db.transaction(async (tx) => {
        const r = await repo.insert(tx, { id: randomUUID(), subject_key: uscc, item_key: itemKey, data: result.record.data, declared_by: p.username })
        await audit.appendWithin(tx, { actor: actorOf(p), action: 'self_declared.add', subjectKey: uscc, items: [itemKey], details: { id: r.id } })
        await appendRecordChanges(tx, [{ subjectKey: uscc, itemKey, recordKey: r.id, version: 1, kind: 'declared', source: 'self-declared' }])
        return r
      })
      return cut(row, 'self', false)!
    },

    /** Withdraws one of the caller's declarations; it stays stored, marked withdrawn, and no longer shows. */
    async withdraw(p: Principal, id: string): Promise<SelfDeclaration> {
      const uscc = own(p)
      const row = await db.transaction(async (tx) => {
        const r = await repo.withdraw(tx, uscc, id)
        if (!r) throw SelfDeclaredErrors.NOT_FOUND(id)
        await audit.appendWithin(tx, { actor: actorOf(p), action: 'self_declared.withdraw', subjectKey: uscc, items: [r.item_key], details: { id } })
        await appendRecordChanges(tx, [{ subjectKey: uscc, itemKey: r.item_key, recordKey: r.id, version: 1, kind: 'declaration_withdrawn', source: 'self-declared' }])
        return r
      })
      return cut(row, 'self', false)!
    },

    /** The caller's own declarations, withdrawn ones included. */
    async mine(p: Principal): Promise<SelfDeclaration[]> {
      const uscc = own(p)
      return (await repo.ofSubject(db, uscc, { withdrawn: true })).map((r) => cut(r, 'self', false)).filter((d) => d !== undefined)
    },

    /** The 承诺书 text of a commitment type, filled with the caller's registered name and code, as it will be signed. */
    async commitmentText(p: Principal, type: string): Promise<string> {
      const uscc = own(p)
      const t = COMMITMENT_TYPES[type as CommitmentType]
      if (!t) throw SelfDeclaredErrors.COMMITMENT_TYPE_UNKNOWN(type)
      const name = (await deps.subjectName?.(uscc)) ?? p.displayName
      return t.template.replace('{name}', name).replace('{uscc}', uscc)
    },

    /** Signs a credit commitment: the text from the template, its SM3, the signer and the date (Beijing). */
    async commit(p: Principal, c: { type: string; signer: string }): Promise<CreditCommitment> {
      const uscc = own(p)
      const text = await this.commitmentText(p, c.type)
      const row = await db.transaction(async (tx) => {
        const r = await repo.insertCommitment(tx, {
          id: randomUUID(), subject_key: uscc, type: c.type, text, text_sm3: sm3(text), signer: c.signer.trim(), signed_on: beijingDate(now()), signed_by: p.username,
        })
        await audit.appendWithin(tx, { actor: actorOf(p), action: 'commitment.sign', subjectKey: uscc, details: { id: r.id, type: c.type, textSm3: r.text_sm3 } })
        return r
      })
      return commitmentOf(row)
    },

    async commitments(p: Principal): Promise<CreditCommitment[]> {
      return (await repo.commitments(db, own(p))).map(commitmentOf)
    },

    /**
     * The self-declared section of a subject's profile or report for a viewer: withdrawn declarations left out,
     * restricted fields for the subject itself only, identifiers masked unless the subject itself looks on screen.
     */
    async sectionFor(subjectKey: string, viewer: { basis: ViewerBasis; maskIdentifiers?: boolean }, within?: Sql): Promise<SelfDeclaredSection> {
      const sql = within ?? db
      const rows = await repo.ofSubject(sql, subjectKey)
      const commitments = await repo.commitments(sql, subjectKey)
      // Others than the subject see public fields only: no grant covers a self-declaration, and a read of them is
      // not the profile's audited disclosure.
      const basis: ViewerBasis = viewer.basis === 'self' ? 'self' : 'public'
      const items = new Map<string, SelfDeclaredSection['items'][number]>()
      for (const r of rows) {
        const d = cut(r, basis, Boolean(viewer.maskIdentifiers))
        if (!d || Object.keys(d.values).length === 0) continue
        let item = items.get(r.item_key)
        if (!item) {
          const resolved = catalog.current().get(r.item_key)!
          item = { key: r.item_key, name: resolved.item.name, fields: resolved.item.fields.map((f) => ({ key: f.key, name: f.name })), declarations: [] }
          items.set(r.item_key, item)
        }
        item.declarations.push(d)
      }
      return {
        source: 'self-declared', notice: SELF_DECLARED_NOTICE, items: [...items.values()],
        commitments: commitments.map((c) => { const { text: _t, ...rest } = commitmentOf(c); void _t; return rest }),
      }
    },
  }
}

export type SelfDeclaredService = ReturnType<typeof createSelfDeclaredService>
