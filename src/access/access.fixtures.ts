/**
 * Test fixtures for the access, records, verification and reports tests: one enterprise with records in public,
 * restricted and sensitive fields, delivered through the normal collection path, and one account (with a session)
 * per role. Not imported by product code.
 */
import type { Xinshu } from '../app/xinshu.js'
import type { Principal, Role } from './access.types.js'
import { ROLES } from './access.types.js'
import { runBatch } from '../ingest/batch-runner.js'
import { factory, type Row } from '../../test/factory.js'

export const BANK = '宁夏银行股份有限公司'
export const INSURER = '中国人寿财产保险股份有限公司宁夏分公司'

export interface Caller {
  principal: Principal
  token: string
  headers: { authorization: string }
}

/** Stores rows of one item as a provider's batch would. */
export async function ingestRows(x: Xinshu, itemKey: string, rows: Row[], provider = '测试数据提供单位'): Promise<void> {
  const s = await runBatch({ db: x.db, catalog: x.catalog.current(), dataKey: x.config.dataKey }, {
    itemKey, provider, method: 'api', records: rows.map((values, i) => ({ position: i + 1, values })), createdBy: 'test',
  })
  if (s.quarantined) throw new Error(`fixture rows of ${itemKey} were quarantined`)
}

export interface Firm {
  n: number
  uscc: string
  name: string
  legalRepresentativeId: string
  ownerId: string
}

/**
 * An enterprise with: a business licence (public), two deliveries of tax figures (restricted, one superseded), housing
 * fund figures (restricted), a penalty naming its legal representative's ID number (sensitive, in a public item),
 * and a property registration (restricted item with a sensitive ID). `debtor: true` puts it on the
 * dishonest-debtor list.
 */
export async function seedFirm(x: Xinshu, opts: { n?: number; vatPaid?: string; debtor?: boolean; contributors?: number; months?: number } = {}): Promise<Firm> {
  const n = opts.n ?? factory.next()
  const uscc = factory.uscc(n)
  const name = `宁夏信枢${n}科技有限公司`
  const legalRepresentativeId = factory.idNumber(n)
  const ownerId = factory.idNumber(n + 500)
  await ingestRows(x, 'business_license', [factory.licenseRow({ _n: n, entity_name: name, uscc })], '自治区市场监管厅')
  await ingestRows(x, 'tax_payment', [factory.taxRow({ _n: n, entity_name: name, uscc, vat_paid_last_12_months: '900000.00' })], '宁夏税务局')
  await ingestRows(x, 'tax_payment', [factory.taxRow({ _n: n, entity_name: name, uscc, vat_paid_last_12_months: opts.vatPaid ?? '1250000.00' })], '宁夏税务局')
  await ingestRows(x, 'housing_fund_contribution', [{
    entity_name: name, uscc, avg_monthly_contributors_last_12_months: opts.contributors ?? 14, total_contribution_last_12_months: '356000.00',
    consecutive_normal_payment_months_last_12_months: opts.months ?? 12, last_normal_payment_date: '2026-05-31',
  }], '自治区住房城乡建设厅')
  await ingestRows(x, 'administrative_penalty', [factory.penaltyRow({ _n: n, entity_name: name, uscc, legal_representative_id_number: legalRepresentativeId })], '银川市市场监督管理局')
  await ingestRows(x, 'real_estate_registration', [{
    right_holder_name: name, right_holder_id_number: uscc, property_certificate_number: `宁（2020）银川市不动产权第${n}号`,
    property_unit_number: `640106001001GB${String(n).padStart(5, '0')}F00010001`, usage: '办公', location: '银川市金凤区正源北街1号', area: 320.5,
    registration_authority: '银川市自然资源局', registration_date: '2020-08-01',
  }], '自治区自然资源厅')
  if (opts.debtor) {
    await ingestRows(x, 'dishonest_judgment_debtor', [factory.debtorRow({ _n: n, entity_name: name, id_number_or_uscc: uscc })], '自治区高级人民法院')
  }
  return { n, uscc, name, legalRepresentativeId, ownerId }
}

/** One account per role, logged in. The enterprise acts for `firmUscc`; the institution is {@link BANK}. */
export async function seedCallers(x: Xinshu, firmUscc: string, suffix = ''): Promise<Record<Role, Caller>> {
  const orgs: Record<Role, string | null> = {
    operator: '自治区社会信用服务中心', provider: '宁夏税务局', platform: '信易贷宁夏总站', institution: BANK, enterprise: firmUscc, supervisor: '自治区发展改革委',
  }
  const out = {} as Record<Role, Caller>
  for (const role of ROLES) {
    const id = await x.access.createAccount({ username: `${role}${suffix}`, displayName: `${role} 测试`, role, organization: orgs[role] })
    const s = await x.access.openSession(id)
    out[role] = { principal: s.principal, token: s.token, headers: { authorization: `Bearer ${s.token}` } }
  }
  return out
}

/** A second institution, to show that one institution's grant does nothing for another. */
export async function seedInstitution(x: Xinshu, name: string, username: string): Promise<Caller> {
  const id = await x.access.createAccount({ username, displayName: name, role: 'institution', organization: name })
  const s = await x.access.openSession(id)
  return { principal: s.principal, token: s.token, headers: { authorization: `Bearer ${s.token}` } }
}
