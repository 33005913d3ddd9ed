import { randomUUID } from 'node:crypto'
import { type Database, seal, unseal } from '../core/index.js'
import type { AuditActor, AuditService } from '../audit/index.js'
import { normalizeCodeInput, validateIdNumber, validateUscc } from '../registry/index.js'
import { hashPassword } from './password.js'
import { AccessErrors } from './access.errors.js'
import { OnboardingErrors } from './onboarding.errors.js'
import { checkPassword } from './account-admin.service.js'
import { accountWrites } from './account-admin.repository.js'
import { createRegistrationRepository, type RegistrationRow } from './enterprise-registration.repository.js'
import { DEFAULT_MASKING, maskIdentifier, type MaskingPolicy } from './masking.js'

/** How a registration is checked before its account is tied to its subject; the operator chooses. */
export const REGISTRATION_CHECKS = ['manual', 'registration-match', 'both'] as const
export type RegistrationCheck = (typeof REGISTRATION_CHECKS)[number]

const CHECK_SETTING = 'registration.check'

/** What the hub's records say of a subject's legal representative (营业执照信息 and items naming the ID). */
export interface LegalRepresentativeOnFile {
  /** 法定代表人 of the current 营业执照信息 record(s). */
  names: string[]
  /** Legal representatives' ID numbers in the subject's current records, with the name beside each where given. */
  idNumbers: Array<{ name: string | null; idNumber: string }>
}

export interface RegistrationInput {
  username: string
  password: string
  uscc: string
  companyName: string
  contactName: string
  mobile: string
  email?: string | undefined
  legalRepresentative: { name: string; idNumber: string }
}

export interface RegistrationView {
  id: string
  username: string
  uscc: string
  companyName: string
  contactName: string
  mobile: string
  email: string | null
  /** Always masked: nobody reads the legal representative's ID number back from a registration. */
  legalRepresentative: { name: string; idNumber: string }
  checkMode: RegistrationCheck
  status: 'pending' | 'approved' | 'refused'
  match: { matched: boolean; reason: string; zh: string } | null
  decidedBy: string | null
  decidedAt: string | null
  reason: string | null
  createdAt: string
}

const MOBILE = /^1[3-9]\d{9}$/

/**
 * Enterprise self-registration (企业自助注册). The account is created `pending`: it may log in and see its
 * registration, nothing else. It is tied to its subject (its USCC becomes the account's organisation) only after the
 * check the operator configured: `manual` (the operator approves or refuses in a queue), `registration-match` (the
 * legal representative's name and ID number match the subject's records: approved at once, refused otherwise), or
 * `both` (a match is required, then the operator decides). A USCC cannot be claimed while another claim on it is
 * pending or active.
 */
export function createRegistrationService(deps: {
  db: Database
  audit: AuditService
  dataKey: Buffer
  legalRepresentativeOnFile: (uscc: string) => Promise<LegalRepresentativeOnFile>
  masking?: MaskingPolicy
}) {
  const { db, audit, dataKey } = deps
  const repo = createRegistrationRepository()
  const masking = deps.masking ?? DEFAULT_MASKING

  const view = (r: RegistrationRow): RegistrationView => ({
    id: r.id, username: r.username, uscc: r.uscc, companyName: r.company_name, contactName: r.contact_name, mobile: r.mobile, email: r.email,
    legalRepresentative: { name: r.legal_rep_name, idNumber: maskIdentifier(unseal(dataKey, r.legal_rep_id_sealed), masking) },
    checkMode: r.check_mode, status: r.status, match: r.match_result, decidedBy: r.decided_by,
    decidedAt: r.decided_at ? new Date(r.decided_at).toISOString() : null, reason: r.reason, createdAt: new Date(r.created_at).toISOString(),
  })

  /** Compares what the registrant says with what the hub holds; says why when it does not match. */
  async function match(uscc: string, name: string, idNumber: string): Promise<{ matched: boolean; reason: string; zh: string }> {
    const onFile = await deps.legalRepresentativeOnFile(uscc)
    if (onFile.names.length === 0) return { matched: false, reason: 'no_license_record', zh: '数据中心尚无该企业的营业执照信息' }
    if (!onFile.names.includes(name)) return { matched: false, reason: 'name_differs', zh: '法定代表人姓名与营业执照信息不一致' }
    const ids = onFile.idNumbers.filter((i) => i.name === null || i.name === name)
    if (ids.length === 0) return { matched: false, reason: 'id_not_on_file', zh: '数据中心尚无法定代表人的证件号码，无法核对' }
    if (!ids.some((i) => i.idNumber === idNumber)) return { matched: false, reason: 'id_differs', zh: '法定代表人证件号码与数据中心记录不一致' }
    return { matched: true, reason: 'matched', zh: '法定代表人姓名和证件号码与数据中心记录一致' }
  }

  async function checkMode(): Promise<RegistrationCheck> {
    return (await repo.setting<RegistrationCheck>(db, CHECK_SETTING)) ?? 'manual'
  }

  return {
    checkMode,

    /** The operator chooses how registrations are checked from now on; earlier ones keep their mode. */
    async setCheckMode(actor: AuditActor, mode: RegistrationCheck): Promise<RegistrationCheck> {
      await db.transaction(async (tx) => {
        await repo.putSetting(tx, CHECK_SETTING, mode, actor.username)
        await audit.appendWithin(tx, { actor, action: 'registration.check_mode', details: { mode } })
      })
      return mode
    },

    /** Registers an enterprise: validates everything, creates the pending account and its registration, runs the check. */
    async register(input: RegistrationInput, ctx: { ip?: string | undefined } = {}): Promise<RegistrationView> {
      const uscc = normalizeCodeInput(input.uscc)
      const u = validateUscc(uscc)
      if (!u.ok) throw OnboardingErrors.USCC_INVALID(u.error.zh)
      const idNumber = normalizeCodeInput(input.legalRepresentative.idNumber)
      const id = validateIdNumber(idNumber)
      if (!id.ok) throw OnboardingErrors.ID_NUMBER_INVALID(id.error.zh)
      if (!MOBILE.test(input.mobile)) throw OnboardingErrors.MOBILE_INVALID()
      checkPassword(input.password)
      const name = input.legalRepresentative.name.trim()
      // Cheap refusal first: a taken code costs no record lookup and no scrypt (the form is open to anyone).
      if (await repo.usccTaken(db, uscc)) throw OnboardingErrors.USCC_CLAIMED()
      const mode = await checkMode()
      const result = mode === 'manual' ? null : await match(uscc, name, idNumber)
      const status: RegistrationRow['status'] = result && !result.matched ? 'refused' : mode === 'registration-match' ? 'approved' : 'pending'
      const hash = await hashPassword(input.password)
      const accountId = randomUUID()
      const regId = randomUUID()
      await db.transaction(async (tx) => {
        await repo.lockUscc(tx, uscc)
        if (await repo.usccTaken(tx, uscc)) throw OnboardingErrors.USCC_CLAIMED()
        const created = await accountWrites.insertAccount(tx, {
          id: accountId, username: input.username, displayName: input.companyName.trim(), role: 'enterprise',
          organization: status === 'approved' ? uscc : null, passwordHash: hash, status: status === 'approved' ? 'active' : 'pending',
        })
        if (!created) throw AccessErrors.USERNAME_TAKEN(input.username)
        await repo.insert(tx, {
          id: regId, account_id: accountId, uscc, company_name: input.companyName.trim(), contact_name: input.contactName.trim(), mobile: input.mobile,
          email: input.email ?? null, legal_rep_name: name, legal_rep_id_sealed: seal(dataKey, idNumber), check_mode: mode, status, match_result: result,
          reason: status === 'refused' ? result!.zh : null,
        })
        const actor: AuditActor = { accountId, username: input.username, role: 'enterprise', organization: null }
        await audit.appendWithin(tx, {
          actor, action: 'registration.submit', subjectKey: uscc,
          details: { registrationId: regId, checkMode: mode, status, match: result?.reason ?? null, ip: ctx.ip ?? null },
        })
      })
      return view((await repo.get(db, regId))!)
    },

    /** The caller's own registration (a pending account's one window). */
    async mine(accountId: string): Promise<RegistrationView> {
      const r = await repo.ofAccount(db, accountId)
      if (!r) throw OnboardingErrors.REGISTRATION_NONE()
      return view(r)
    },

    /** The operator's queue. Registrants' contacts and legal representatives are personal data: the read is logged. */
    async list(actor: AuditActor, f: { status?: RegistrationRow['status'] | undefined; q?: string | undefined; limit: number; offset: number }): Promise<{ total: number; rows: RegistrationView[] }> {
      const r = await repo.list(db, f)
      if (r.rows.length) await audit.append({ actor, action: 'registration.read', details: { registrations: r.rows.map((x) => x.id), status: f.status ?? null } })
      return { total: r.total, rows: r.rows.map(view) }
    },

    async get(actor: AuditActor, id: string): Promise<RegistrationView> {
      const r = await repo.get(db, id)
      if (!r) throw OnboardingErrors.REGISTRATION_NOT_FOUND(id)
      await audit.append({ actor, action: 'registration.read', subjectKey: r.uscc, details: { registrations: [id] } })
      return view(r)
    },

    /** The operator approves (the account now acts for the USCC) or refuses (with a reason) a pending registration. */
    async decide(actor: AuditActor, id: string, d: { approve: boolean; reason?: string | undefined }): Promise<RegistrationView> {
      if (!d.approve && !(d.reason && d.reason.trim().length >= 2)) throw AccessErrors.REASON_REQUIRED()
      await db.transaction(async (tx) => {
        const r = await repo.get(tx, id)
        if (!r) throw OnboardingErrors.REGISTRATION_NOT_FOUND(id)
        if (r.status !== 'pending') throw OnboardingErrors.REGISTRATION_DECIDED(r.status)
        await repo.lockUscc(tx, r.uscc)
        if (d.approve) {
          // Another account may have been given the USCC since (by the operator): approving would make two.
          if (await repo.usccClaimedByOther(tx, r.uscc, r.account_id)) throw OnboardingErrors.USCC_CLAIMED()
          await repo.activate(tx, r.account_id, r.uscc)
        }
        if (!(await repo.decide(tx, id, { status: d.approve ? 'approved' : 'refused', by: actor.username, reason: d.reason?.trim() || null }))) {
          throw OnboardingErrors.REGISTRATION_DECIDED('—')
        }
        await audit.appendWithin(tx, {
          actor, action: d.approve ? 'registration.approve' : 'registration.refuse', subjectKey: r.uscc, reason: d.reason ?? null,
          details: { registrationId: id, account: r.username },
        })
      })
      return view((await repo.get(db, id))!)
    },
  }
}

export type RegistrationService = ReturnType<typeof createRegistrationService>
