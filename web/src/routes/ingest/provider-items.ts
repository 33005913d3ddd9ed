import type { Catalog } from '../../api/types'

const COLLECTIVE_DEPARTMENTS = '各有关部门（单位）'
const COLLECTIVE_LOCAL = '各市、县（区）'

/** A city or county office (银川市…, 永宁县…, 宁东…): the list's 各市、县（区） items are theirs too. */
export function isLocalGovernment(org: string): boolean {
  if (/^(自治区|宁夏|国网|人民银行|国家)/.test(org)) return false
  return org.startsWith('宁东') || /^[\u4e00-\u9fa5]{2,5}?[市县区]/.test(org)
}

/**
 * The items a provider may deliver, as the server decides it (src/ingest/batch-runner.ts isResponsible): named
 * among the responsible units ('own'), or covered by a collective unit ('shared'). The server has the last word.
 */
export function itemsForProvider(catalog: Catalog | undefined, org: string | null | undefined): { own: Set<string>; shared: Set<string> } {
  const own = new Set<string>()
  const shared = new Set<string>()
  for (const c of catalog?.categories ?? []) {
    for (const i of c.items) {
      if (org && i.responsibleUnits.includes(org)) own.add(i.key)
      else if (i.responsibleUnits.includes(COLLECTIVE_DEPARTMENTS) || (org && i.responsibleUnits.includes(COLLECTIVE_LOCAL) && isLocalGovernment(org))) shared.add(i.key)
    }
  }
  return { own, shared }
}
