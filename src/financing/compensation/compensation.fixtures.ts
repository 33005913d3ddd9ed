/**
 * Factories for the compensation and subsidy tests: loans in the shape B's lifecycle will produce (until it is merged,
 * tests build LoanFacts themselves), and a rule document like 深圳坪山's (fund 40 %, lender 20 %, guarantor 40 %).
 * Not imported by product code.
 */
import { randomUUID } from 'node:crypto'
import type { LoanFacts } from '../loan-facts.js'
import type { FundRules } from './compensation-rules.js'

let n = 0

/** A defaulted 信用贷 of 1,000,000.00 元 to a small firm in 银川市金凤区, lent by 宁夏银行 with a guarantor. */
export function loanFacts(over: Partial<LoanFacts> = {}): LoanFacts {
  n += 1
  const principalFen = over.principalFen ?? 1_000_000_00
  return {
    loanId: randomUUID(), applicationId: randomUUID(), productId: randomUUID(), productType: 'credit',
    institution: '宁夏银行股份有限公司', guarantor: '宁夏融资担保集团有限公司',
    uscc: `91640106MA7${String(n).padStart(6, '0')}X`, enterpriseSize: 'small', divisionCode: '640106', contractNo: `NXB-2026-${n}`,
    principalFen, annualRateBp: 435, creditLoan: true, firstLoan: false, startDate: '2026-03-01', maturityDate: '2027-02-28',
    status: 'defaulted', repayments: [], outstandingPrincipalFen: principalFen, overdueSince: '2026-09-01',
    ...over,
  }
}

/** Rules in force from 2026-01-01: credit loans to micro and small firms in Ningxia, up to 5,000,000.00 元. */
export function fundRules(over: Partial<FundRules> = {}): FundRules {
  return {
    effectiveFrom: '2026-01-01',
    qualifying: { productTypes: ['credit', 'tax'], creditLoansOnly: true, enterpriseSizes: ['micro', 'small'], divisionPrefixes: ['64'], maxPrincipalFen: 5_000_000_00 },
    shares: { fundPerMille: 400, lenderPerMille: 200, guarantorPerMille: 400 },
    withoutGuarantor: 'lender',
    firstLoanBonusPerMille: 100,
    caps: { perLoanFen: 1_000_000_00, perInstitutionPerYearFen: 3_000_000_00, perFundPerYearFen: 10_000_000_00 },
    lossRatioCeilingBp: 500,
    ...over,
  }
}
