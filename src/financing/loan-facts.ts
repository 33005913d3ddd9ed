/**
 * A loan as the financing context records it, in the shape that risk compensation, interest subsidy and statistics
 * read. The application lifecycle produces it; the compensation fund and the subsidy consume it. Money is integer 分,
 * rates are basis points (4.35 % a year = 435), dates are Beijing calendar dates (YYYY-MM-DD).
 */
export interface LoanFacts {
  loanId: string
  applicationId: string
  productId: string
  productType: ProductType
  /** The lending institution (its organization name, as on its accounts). */
  institution: string
  /** The guarantee institution standing behind the loan, if any (its organization name). */
  guarantor: string | null
  uscc: string
  enterpriseSize: EnterpriseSize | null
  /** Six-digit GB/T 2260 division of the borrower. */
  divisionCode: string
  contractNo: string
  principalFen: number
  annualRateBp: number
  /** 信用贷: lent without collateral. */
  creditLoan: boolean
  /** 首贷户: the borrower's first loan on the platform. */
  firstLoan: boolean
  startDate: string
  maturityDate: string
  status: LoanStatus
  repayments: ReadonlyArray<{ date: string; principalFen: number; interestFen: number }>
  outstandingPrincipalFen: number
  overdueSince: string | null
}

export type LoanStatus = 'active' | 'overdue' | 'settled' | 'defaulted'

export type EnterpriseSize = 'micro' | 'small' | 'medium' | 'large'

export const PRODUCT_TYPES = {
  credit: '信用贷',
  tax: '银税贷',
  procurement: '政采贷',
  supply_chain: '供应链贷',
  guarantee: '担保贷',
  pledge: '抵质押贷',
  other: '其他',
} as const

export type ProductType = keyof typeof PRODUCT_TYPES
