import { randomUUID } from 'node:crypto'
import { type Database, type Sql, AppError } from '../../core/index.js'
import type { Principal } from '../../access/index.js'
import { actorOf, type AuditService } from '../../audit/index.js'
import type { LoanFacts } from '../loan-facts.js'
import { accountOf, yuan, type Ledger, type LedgerEntry } from '../ledger/index.js'
import { judgeClaim, unmetConditions, validateFundRules, type FundRules, type Judgement } from './compensation-rules.js'
import { CompensationErrors } from './compensation.errors.js'
import { createCompensationRepository, type ClaimFilter } from './compensation.repository.js'
import { CLAIM_STATUS_ZH, type Claim, type ClaimEvent, type ClaimStatus, type Evidence, type Fund, type FundDetail, type RuleBasis, type RuleVersion } from './compensation.types.js'
import { beijingDate, checkLoanFacts } from './loan-checks.js'

/** The most evidence one claim may describe, in bytes of the files its hashes name. */
export const MAX_EVIDENCE_BYTES = 200 * 1024 * 1024

export interface CreateFundInput {
  name: string
  owner: string
  regions: string[]
  year: number
  ruleBasis: RuleBasis
  rules: unknown
}

export interface FileClaimInput {
  fundId: string
  evidence: Evidence[]
  /** What the institution asks for; recorded, never paid from. */
  claimedFen?: number | undefined
  note?: string | undefined
}

/** The rule version that judges a loan on `date`: the latest in force by then. */
export function versionOn(versions: readonly RuleVersion[], date: string): RuleVersion | null {
  let found: RuleVersion | null = null
  for (const v of versions) if (v.effectiveFrom <= date && (!found || v.effectiveFrom > found.effectiveFrom)) found = v
  return found
}

const isMine = (p: Principal, claim: Pick<Claim, 'institution'>) => p.role !== 'institution' || p.organization === claim.institution

/**
 * Risk compensation funds (风险缓释补偿, 68号文 §十四): funds with rules as data, the loans they cover, and claims
 * for defaulted loans — filed by the lending institution with evidence, reviewed by the operator against a breakdown
 * rule by rule, paid out through the ledger, and shared back when the institution recovers. Each step is one
 * transaction holding the claim's change, its history, its ledger posting and its audit entry.
 *
 * @example
 * const fund = await compensation.createFund(operator, { name: '银川市信用贷款风险补偿资金池', owner: '银川市财政局', regions: ['6401'], year: 2026, ruleBasis: 'loan_start', rules })
 * await compensation.contribute(operator, fund.id, { amountFen: 50_000_000_00, reference: '银财发〔2026〕12号', idempotencyKey: 'yc-2026-1' })
 * const claim = await compensation.claimFor(bank, loanFacts, { fundId: fund.id, evidence })
 * await compensation.approve(operator, claim.id, {})
 * await compensation.pay(operator, claim.id, { reference: '国库集中支付 2026-118' })
 */
export function createCompensationService(deps: { db: Database; audit: AuditService; ledger: Ledger; now?: () => Date }) {
  const { db, audit, ledger } = deps
  const now = deps.now ?? (() => new Date())
  const repo = createCompensationRepository()

  async function fundOrThrow(sql: Sql, id: string): Promise<Fund> {
    const f = await repo.fund(sql, id)
    if (!f) throw CompensationErrors.FUND_NOT_FOUND(id)
    return f
  }

  async function claimOrThrow(sql: Sql, p: Principal, id: string, forUpdate = false): Promise<Claim> {
    const c = await repo.claim(sql, id, forUpdate)
    // Another institution's claim does not exist for this caller: saying "not yours" would confirm it does.
    if (!c || !isMine(p, c)) throw CompensationErrors.CLAIM_NOT_FOUND(id)
    return c
  }

  function judgementError(j: Extract<Judgement, { ok: false }>): AppError {
    return CompensationErrors[j.code](...j.args)
  }

  async function judge(sql: Sql, fund: Fund, rules: FundRules, loan: LoanFacts, year: number): Promise<Judgement> {
    const f = await repo.figures(sql, fund.id, loan.institution, year)
    return judgeClaim(rules, loan, { year, institutionCompensatedFen: f.institutionYear, fundCompensatedFen: f.fundYear, institutionLossFen: f.loss, institutionEnrolledFen: f.enrolled })
  }

  /** Turns the ledger's floor into the fund's own words: how much was needed, how much the pool holds. */
  async function postOrExplain(tx: Sql, fundId: string, amountFen: number, post: () => Promise<{ entry: LedgerEntry; replayed: boolean }>): Promise<{ entry: LedgerEntry; replayed: boolean }> {
    try {
      return await post()
    } catch (err) {
      if (err instanceof AppError && err.code === 'LEDGER_INSUFFICIENT_FUNDS') {
        const pool = (await ledger.balances(tx, fundId)).find((a) => a.kind === 'pool')?.balanceFen ?? 0
        throw CompensationErrors.FUND_INSUFFICIENT(yuan(amountFen), yuan(pool))
      }
      throw err
    }
  }

  const event = (p: Principal, action: ClaimEvent['action'], amountFen: number | null, note: string | null, entryId: string | null): Omit<ClaimEvent, 'seq'> => ({
    at: now(), action, actor: p.username, actorRole: p.role, amountFen, note, entryId,
  })

  function stateError(c: Claim, doing: string): AppError {
    return CompensationErrors.CLAIM_STATUS_CONFLICT(CLAIM_STATUS_ZH[c.status], doing)
  }

  async function recordLoanWithin(tx: Sql, loan: LoanFacts): Promise<void> {
    checkLoanFacts(loan)
    await repo.upsertLoan(tx, loan, now())
    for (const fund of await repo.funds(tx)) {
      const v = versionOn(await repo.versions(tx, fund.id), loan.startDate)
      if (v && unmetConditions(v.rules.qualifying, loan).length === 0) await repo.enrol(tx, fund.id, loan, now())
    }
  }

  async function balancesOf(sql: Sql, fundId: string): Promise<FundDetail['balances']> {
    const sum = (kind: string) => accounts.filter((a) => a.kind === kind).reduce((s, a) => s + a.balanceFen, 0)
    const accounts = await ledger.balances(sql, fundId)
    return {
      poolFen: sum('pool'), commitmentFen: sum('commitment'), contributedFen: 0 - sum('contribution'), compensationPaidFen: sum('compensation_paid'),
      recoveryReturnedFen: 0 - sum('recovery_shared'), subsidyPaidFen: sum('subsidy_paid'),
    }
  }

  const service = {
    /** A fund with its first rule version; the rules are validated before anything is written. */
    async createFund(p: Principal, input: CreateFundInput): Promise<FundDetail> {
      const rules = validateFundRules(input.rules)
      const id = randomUUID()
      await db.transaction(async (tx) => {
        const at = now()
        if (!(await repo.insertFund(tx, { id, name: input.name, owner: input.owner, regions: input.regions, year: input.year, ruleBasis: input.ruleBasis, createdBy: p.username, at }))) {
          throw CompensationErrors.FUND_NAME_TAKEN(input.name)
        }
        await repo.insertVersion(tx, id, rules, p.username, at)
        await audit.appendWithin(tx, { actor: actorOf(p), action: 'compensation.fund.create', details: { fundId: id, name: input.name, owner: input.owner, rules } })
      })
      return service.fund(p, id)
    },

    /** A new rule version from its `effectiveFrom`; earlier versions keep judging the loans they cover. */
    async addRules(p: Principal, fundId: string, doc: unknown): Promise<FundDetail> {
      const rules = validateFundRules(doc)
      await db.transaction(async (tx) => {
        await fundOrThrow(tx, fundId)
        await repo.lockFund(tx, fundId)
        if ((await repo.versions(tx, fundId)).some((v) => v.effectiveFrom === rules.effectiveFrom)) throw CompensationErrors.RULES_DATE_TAKEN(rules.effectiveFrom)
        const version = await repo.insertVersion(tx, fundId, rules, p.username, now())
        await audit.appendWithin(tx, { actor: actorOf(p), action: 'compensation.rules.add', details: { fundId, version, rules } })
      })
      return service.fund(p, fundId)
    },

    /** Treasury money into the fund's pool. The idempotency key makes a resubmitted contribution count once. */
    async contribute(p: Principal, fundId: string, input: { amountFen: number; reference: string; idempotencyKey: string }): Promise<{ entry: LedgerEntry; replayed: boolean; balances: FundDetail['balances'] }> {
      return db.transaction(async (tx) => {
        const fund = await fundOrThrow(tx, fundId)
        const r = await ledger.post(tx, {
          idempotencyKey: `contribution:${fundId}:${input.idempotencyKey}`, fundId, kind: 'contribution', memo: `${fund.owner}注资：${input.reference}`,
          refType: 'fund', refId: fundId, createdBy: p.username,
          lines: [{ account: accountOf('pool', fundId), amountFen: input.amountFen }, { account: accountOf('contribution', fundId, fund.owner), amountFen: -input.amountFen }],
        })
        if (!r.replayed) await audit.appendWithin(tx, { actor: actorOf(p), action: 'compensation.fund.contribute', details: { fundId, amountFen: input.amountFen, reference: input.reference, entryId: r.entry.id } })
        return { ...r, balances: await balancesOf(tx, fundId) }
      })
    },

    /**
     * Corrects a contribution entered wrongly: a reversing entry, never an edit. Only contributions, and only while
     * the pool still holds the money (the floor refuses otherwise); claim and subsidy entries follow their own steps.
     */
    async reverseContribution(p: Principal, fundId: string, entryId: string, input: { reason: string; idempotencyKey: string }): Promise<{ entry: LedgerEntry; replayed: boolean; balances: FundDetail['balances'] }> {
      return db.transaction(async (tx) => {
        await fundOrThrow(tx, fundId)
        const e = await ledger.entry(tx, entryId)
        if (!e || e.fundId !== fundId || e.kind !== 'contribution') throw CompensationErrors.CONTRIBUTION_NOT_FOUND(entryId)
        const amount = e.lines.find((l) => l.amountFen > 0)!.amountFen
        const r = await postOrExplain(tx, fundId, amount, () => ledger.reverse(tx, entryId, { idempotencyKey: `reversal:${fundId}:${input.idempotencyKey}`, memo: `冲销注资：${input.reason}`, createdBy: p.username }))
        if (!r.replayed) await audit.appendWithin(tx, { actor: actorOf(p), action: 'compensation.fund.reverse', reason: input.reason, details: { fundId, entryId, reversalId: r.entry.id } })
        return { ...r, balances: await balancesOf(tx, fundId) }
      })
    },

    async funds(): Promise<Array<Fund & { balances: FundDetail['balances'] }>> {
      const funds = await repo.funds(db)
      return Promise.all(funds.map(async (f) => ({ ...f, balances: await balancesOf(db, f.id) })))
    },

    async fund(_p: Principal, id: string): Promise<FundDetail> {
      const f = await fundOrThrow(db, id)
      return { ...f, versions: await repo.versions(db, id), balances: await balancesOf(db, id) }
    },

    /** The fund's journal, newest first. */
    async fundLedger(_p: Principal, id: string, page: { limit: number; offset: number }) {
      await fundOrThrow(db, id)
      return { accounts: await ledger.balances(db, id), ...(await ledger.entries(db, { fundId: id, ...page })) }
    },

    /**
     * Keeps the fund's copy of a loan as the financing lifecycle reports it, and enrols the loan in every fund whose
     * rules at its start cover it (the denominator of the loss ratio). Wire the lifecycle's loan events here.
     */
    async recordLoan(loan: LoanFacts, sql?: Sql): Promise<void> {
      if (sql) return recordLoanWithin(sql, loan)
      return db.transaction((tx) => recordLoanWithin(tx, loan))
    },

    /**
     * An institution files a claim for its defaulted loan. The amount is the server's: the rules in force (at the
     * loan's start, or at filing, as the fund says) applied to the unrecovered principal, with every cap.
     */
    async claimFor(p: Principal, loan: LoanFacts, input: FileClaimInput): Promise<Claim> {
      if (p.role === 'institution' && !p.organization) throw CompensationErrors.NO_ORGANIZATION()
      if (p.organization !== loan.institution) throw CompensationErrors.LOAN_NOT_FOUND(loan.loanId)
      const bytes = input.evidence.reduce((s, e) => s + e.sizeBytes, 0)
      if (bytes > MAX_EVIDENCE_BYTES) throw CompensationErrors.EVIDENCE_TOO_LARGE(MAX_EVIDENCE_BYTES)
      const id = randomUUID()
      await db.transaction(async (tx) => {
        await recordLoanWithin(tx, loan)
        const fund = await fundOrThrow(tx, input.fundId)
        await repo.lockFund(tx, fund.id)
        if (loan.status !== 'defaulted') throw CompensationErrors.LOAN_NOT_DEFAULTED(loan.status)
        if (loan.outstandingPrincipalFen <= 0) throw CompensationErrors.NO_UNRECOVERED_PRINCIPAL()
        const live = await repo.liveClaim(tx, fund.id, loan.loanId)
        if (live) throw CompensationErrors.CLAIM_EXISTS(live)
        const today = beijingDate(now())
        const basisDate = fund.ruleBasis === 'loan_start' ? loan.startDate : today
        const version = versionOn(await repo.versions(tx, fund.id), basisDate)
        if (!version) throw CompensationErrors.NO_RULES_IN_FORCE(basisDate)
        // Under claim-date rules a loan may qualify now and not have at its start: it is covered from this claim on.
        if (unmetConditions(version.rules.qualifying, loan).length === 0) await repo.enrol(tx, fund.id, loan, now())
        const year = Number(today.slice(0, 4))
        const j = await judge(tx, fund, version.rules, loan, year)
        if (!j.ok) throw judgementError(j)
        await repo.insertClaim(tx, {
          id, fundId: fund.id, loanId: loan.loanId, institution: loan.institution, uscc: loan.uscc, year, status: 'filed', ruleVersion: version.version,
          unrecoveredFen: loan.outstandingPrincipalFen, claimedFen: input.claimedFen ?? null, computedFen: j.payableFen,
          breakdown: { steps: j.steps, lenderBearsFen: j.lenderBearsFen, guarantorBearsFen: j.guarantorBearsFen },
          evidence: input.evidence, note: input.note ?? null, filedBy: p.username, filedAt: now(),
        })
        await repo.addEvent(tx, id, event(p, 'file', j.payableFen, input.note ?? null, null))
        await audit.appendWithin(tx, { actor: actorOf(p), action: 'compensation.claim.file', subjectKey: loan.uscc, details: {
          claimId: id, fundId: fund.id, loanId: loan.loanId, unrecoveredFen: loan.outstandingPrincipalFen, computedFen: j.payableFen, claimedFen: input.claimedFen ?? null,
          evidence: input.evidence.map((e) => e.sha256),
        } })
      })
      return (await repo.claim(db, id))!
    },

    /** The claim over HTTP: the loan is the one the lifecycle reported, and must be the caller's. */
    async fileClaim(p: Principal, input: FileClaimInput & { loanId: string }): Promise<Claim> {
      const loan = await repo.loan(db, input.loanId)
      if (!loan || loan.institution !== p.organization) throw CompensationErrors.LOAN_NOT_FOUND(input.loanId)
      return service.claimFor(p, loan, input)
    },

    /** Claims: an institution its own, the operator and supervisors all. */
    async claims(p: Principal, filter: Omit<ClaimFilter, 'institution'> & { institution?: string | undefined }) {
      // An institution account without an organisation sees nothing, rather than everything unfiltered.
      if (p.role === 'institution' && !p.organization) return { total: 0, claims: [] }
      const institution = p.role === 'institution' ? p.organization! : filter.institution
      const page = await repo.claims(db, { ...filter, institution })
      await audit.append({ actor: actorOf(p), action: 'compensation.claim.list', details: { institution: institution ?? null, fundId: filter.fundId ?? null, status: filter.status ?? null, shown: page.claims.length } })
      return page
    },

    /** One claim with its history and its ledger entries; the read is audited (it names a firm's loan). */
    async claim(p: Principal, id: string): Promise<Claim & { history: ClaimEvent[]; entries: LedgerEntry[] }> {
      const c = await claimOrThrow(db, p, id)
      const [history, entries] = await Promise.all([repo.events(db, id), ledger.entries(db, { refType: 'claim', refId: id, limit: 100, offset: 0 })])
      await audit.append({ actor: actorOf(p), action: 'compensation.claim.read', subjectKey: c.uscc, details: { claimId: id } })
      return { ...c, history, entries: entries.entries }
    },

    /**
     * The operator approves: the amount is computed again now (other claims may have used the caps since filing),
     * and moved from the pool to the fund's commitments. The pool cannot promise money it does not hold.
     */
    async approve(p: Principal, id: string, input: { note?: string | undefined }): Promise<Claim> {
      await db.transaction(async (tx) => {
        const c = await claimOrThrow(tx, p, id, true)
        if (c.status !== 'filed') throw stateError(c, '批准 / approved')
        const fund = await fundOrThrow(tx, c.fundId)
        await repo.lockFund(tx, fund.id)
        const stored = await repo.loan(tx, c.loanId)
        const version = (await repo.versions(tx, fund.id)).find((v) => v.version === c.ruleVersion)!
        // Judged on the principal unrecovered when the claim was filed: what the evidence proves.
        const j = await judge(tx, fund, version.rules, { ...stored!, outstandingPrincipalFen: c.unrecoveredFen }, c.year)
        if (!j.ok) throw judgementError(j)
        const { entry } = await postOrExplain(tx, fund.id, j.payableFen, () => ledger.post(tx, {
          idempotencyKey: `claim:${id}:approve`, fundId: fund.id, kind: 'compensation.approve', memo: `批准补偿：${c.institution}，贷款 ${c.loanId}`,
          refType: 'claim', refId: id, createdBy: p.username,
          lines: [{ account: accountOf('commitment', fund.id), amountFen: j.payableFen }, { account: accountOf('pool', fund.id), amountFen: -j.payableFen }],
        }))
        await repo.approve(tx, id, { amountFen: j.payableFen, breakdown: { steps: j.steps, lenderBearsFen: j.lenderBearsFen, guarantorBearsFen: j.guarantorBearsFen }, by: p.username, at: now(), note: input.note ?? null })
        await repo.addEvent(tx, id, event(p, 'approve', j.payableFen, input.note ?? null, entry.id))
        await audit.appendWithin(tx, { actor: actorOf(p), action: 'compensation.claim.approve', subjectKey: c.uscc, details: { claimId: id, approvedFen: j.payableFen, entryId: entry.id } })
      })
      return (await repo.claim(db, id))!
    },

    async reject(p: Principal, id: string, input: { reason: string }): Promise<Claim> {
      await db.transaction(async (tx) => {
        const c = await claimOrThrow(tx, p, id, true)
        if (c.status !== 'filed') throw stateError(c, '驳回 / rejected')
        await repo.reject(tx, id, { reason: input.reason, by: p.username, at: now() })
        await repo.addEvent(tx, id, event(p, 'reject', null, input.reason, null))
        await audit.appendWithin(tx, { actor: actorOf(p), action: 'compensation.claim.reject', subjectKey: c.uscc, reason: input.reason, details: { claimId: id } })
      })
      return (await repo.claim(db, id))!
    },

    /** Pays an approved claim out of the commitments. A retried payout finds the claim paid and pays nothing more. */
    async pay(p: Principal, id: string, input: { reference: string }): Promise<Claim> {
      await db.transaction(async (tx) => {
        const c = await claimOrThrow(tx, p, id, true)
        if (c.status === 'paid') return
        if (c.status !== 'approved') throw stateError(c, '拨付 / paid')
        const { entry } = await ledger.post(tx, {
          idempotencyKey: `claim:${id}:pay`, fundId: c.fundId, kind: 'compensation.pay', memo: `拨付补偿：${c.institution}，${input.reference}`,
          refType: 'claim', refId: id, createdBy: p.username,
          lines: [{ account: accountOf('compensation_paid', c.fundId, c.institution), amountFen: c.approvedFen! }, { account: accountOf('commitment', c.fundId), amountFen: -c.approvedFen! }],
        })
        await repo.pay(tx, id, { by: p.username, at: now(), reference: input.reference })
        await repo.addEvent(tx, id, event(p, 'pay', c.approvedFen, input.reference, entry.id))
        await audit.appendWithin(tx, { actor: actorOf(p), action: 'compensation.claim.pay', subjectKey: c.uscc, details: { claimId: id, paidFen: c.approvedFen, reference: input.reference, entryId: entry.id } })
      })
      return (await repo.claim(db, id))!
    },

    /**
     * The institution recovered money after payout: the fund gets back its part, in the proportion it paid of the
     * unrecovered principal. Computed on the running totals, so many small recoveries round no worse than one.
     */
    async recordRecovery(p: Principal, id: string, input: { amountFen: number; idempotencyKey: string; note?: string | undefined }): Promise<Claim> {
      await db.transaction(async (tx) => {
        const c = await claimOrThrow(tx, p, id, true)
        const key = `claim:${id}:recovery:${input.idempotencyKey}`
        if (await repo.eventByKey(tx, id, input.idempotencyKey)) return
        if (c.status !== 'paid') throw stateError(c, '登记追偿 / credited with a recovery')
        const recovered = c.recoveredFen + input.amountFen
        if (recovered > c.unrecoveredFen) throw CompensationErrors.RECOVERY_TOO_LARGE(yuan(c.unrecoveredFen))
        const owed = Number((BigInt(recovered) * BigInt(c.approvedFen!)) / BigInt(c.unrecoveredFen))
        const returned = owed - c.returnedFen
        let entryId: string | null = null
        if (returned > 0) {
          entryId = (await ledger.post(tx, {
            idempotencyKey: key, fundId: c.fundId, kind: 'compensation.recovery', memo: `追偿返还：${c.institution} 追回 ${yuan(input.amountFen)}，按比例返还资金池`,
            refType: 'claim', refId: id, createdBy: p.username,
            lines: [{ account: accountOf('pool', c.fundId), amountFen: returned }, { account: accountOf('recovery_shared', c.fundId, c.institution), amountFen: -returned }],
          })).entry.id
        }
        await repo.addRecovery(tx, id, input.amountFen, Math.max(0, returned))
        await repo.addEvent(tx, id, event(p, 'recover', input.amountFen, input.note ?? `返还资金池 ${yuan(Math.max(0, returned))}`, entryId), input.idempotencyKey)
        await audit.appendWithin(tx, { actor: actorOf(p), action: 'compensation.claim.recover', subjectKey: c.uscc, details: { claimId: id, recoveredFen: input.amountFen, returnedFen: Math.max(0, returned), entryId } })
      })
      return (await repo.claim(db, id))!
    },
  }
  return service
}

export type CompensationService = ReturnType<typeof createCompensationService>
export type { ClaimStatus }
