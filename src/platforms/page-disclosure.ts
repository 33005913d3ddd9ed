import type { Principal } from '../access/index.js'
import { actorOf, type AuditService } from '../audit/index.js'
import type { GrantedItem } from './platforms.repository.js'

/**
 * What one page handed to a platform disclosed, gathered record by record, and the page's audit entry. The feed and
 * the snapshot both hand out pages of cut records; keeping the tally and the entry here means both name the same
 * things in the audit log (every non-public field, its items, subjects and grants) and record the same
 * granted items, so a platform cannot learn more by one door than the log shows of the other.
 *
 * @example
 * const page = pageDisclosure()
 * for (const r of rows) { const shaped = cut(r, grants); if (shaped) { page.sent(r.subjectKey); page.shown(r.subjectKey, r.itemKey, shaped) } }
 * const auditRef = await page.audit(audit, principal, 'feed.snapshot', { records: rows.length })
 */
export function pageDisclosure() {
  const fields = new Set<string>()
  const items = new Set<string>()
  const grantIds = new Set<string>()
  const disclosedSubjects = new Set<string>()
  const sentSubjects = new Set<string>()
  const grantedItems = new Map<string, GrantedItem>()

  return {
    /** A subject the page sent something of (a record or a tombstone): the platform now holds records of it. */
    sent(subjectKey: string): void {
      sentSubjects.add(subjectKey)
    },

    /** A cut record the page shows: its non-public fields, and the grant they were shown under. */
    shown(subjectKey: string, itemKey: string, shaped: { nonPublic: readonly string[]; grantId: string | null }): void {
      if (shaped.nonPublic.length) {
        for (const f of shaped.nonPublic) fields.add(f)
        items.add(itemKey)
        disclosedSubjects.add(subjectKey)
      }
      if (shaped.grantId) {
        grantIds.add(shaped.grantId)
        grantedItems.set(`${subjectKey}\u0000${itemKey}`, { subjectKey, itemKey, grantId: shaped.grantId })
      }
    },

    /** Subjects the page sent something of. */
    subjects: (): string[] => [...sentSubjects],

    /** The subject's items shown under a grant (what a grant's end makes the platform forget). */
    grantedItems: (): GrantedItem[] => [...grantedItems.values()],

    /**
     * The page's audit entry, written before the page is returned, when it disclosed anything beyond public fields
     * (null: it did not, and there is no entry). `details` says where the page stands; the subjects and grants follow.
     */
    async audit(log: AuditService, p: Principal, action: string, details: Record<string, unknown>): Promise<{ seq: number; hash: string } | null> {
      if (!fields.size) return null
      const subjectList = [...disclosedSubjects]
      const e = await log.append({
        actor: actorOf(p), action,
        subjectKey: subjectList.length === 1 ? subjectList[0]! : null,
        items: [...items], fields: [...fields], grantId: [...grantIds][0] ?? null, purpose: '融资',
        details: { ...details, subjects: subjectList, grants: [...grantIds] },
      })
      return { seq: e.seq, hash: e.hash }
    },
  }
}
