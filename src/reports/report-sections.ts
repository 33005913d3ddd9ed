/**
 * The nine sections of the national 公共信用信息报告标准（2022年版） and the catalog items (附件2) each one shows.
 * The mapping is data, read by the report builder and printed in docs/credit-report.md; an item a later catalog
 * version adds and this table does not name goes to 其他信息, so nothing held is ever left out of a report.
 */
export interface ReportSectionSpec {
  no: number
  key: string
  title: string
  titleEn: string
  items: readonly string[]
  /** Said when the section has nothing for this subject. */
  empty: string
}

export const REPORT_SECTIONS: readonly ReportSectionSpec[] = [
  {
    no: 1, key: 'basic', title: '基础信息', titleEn: 'Basic information',
    items: ['business_license', 'registration_change', 'industry_classification', 'shareholder_contribution', 'branch_office', 'equity_pledge', 'annual_report', 'customs_registration'],
    empty: '未查询到基础信息',
  },
  {
    no: 2, key: 'administrative', title: '行政管理信息', titleEn: 'Administrative management',
    items: ['administrative_license', 'administrative_penalty', 'administrative_coercion', 'random_inspection'],
    empty: '未查询到行政许可、行政处罚、行政强制及抽查信息',
  },
  {
    no: 3, key: 'trustworthy', title: '诚实守信相关信息', titleEn: 'Trustworthiness and honours',
    items: ['technology_rnd'],
    empty: '未查询到守信激励、表彰荣誉及科研支持信息',
  },
  {
    no: 4, key: 'serious_dishonesty', title: '严重失信主体名单信息', titleEn: 'Lists of seriously dishonest subjects',
    items: ['serious_violation_list', 'dishonest_judgment_debtor'],
    empty: '未查询到列入严重失信主体名单的信息',
  },
  {
    no: 5, key: 'abnormal_operation', title: '经营异常名录信息', titleEn: 'Abnormal operation lists',
    items: ['abnormal_operation_list', 'abnormal_taxpayer'],
    empty: '未查询到列入经营异常名录及非正常户的信息',
  },
  {
    no: 6, key: 'commitment', title: '信用承诺及履约信息', titleEn: 'Credit commitments',
    items: [],
    empty: '暂无信用承诺信息（自治区公共信用信息共享清单尚未归集此类信息）',
  },
  {
    no: 7, key: 'evaluation', title: '信用评价信息', titleEn: 'Credit evaluations',
    items: ['tax_credit_rating', 'environmental_credit_rating', 'customs_credit_rating'],
    empty: '未查询到纳税、环保、海关等信用评价信息',
  },
  {
    no: 8, key: 'judicial', title: '司法判决及执行信息', titleEn: 'Court judgments and enforcement',
    items: ['court_judgment', 'terminated_enforcement_case', 'bankruptcy'],
    empty: '未查询到司法判决、终结本次执行及破产信息',
  },
  {
    no: 9, key: 'other', title: '其他信息', titleEn: 'Other information',
    items: [
      'tax_payment', 'tax_arrears', 'social_insurance_contribution', 'social_insurance_arrears', 'housing_fund_contribution',
      'water_bill', 'electricity_bill', 'gas_bill', 'real_estate_registration', 'real_estate_mortgage',
      'trademark', 'patent', 'software_copyright', 'new_agricultural_entity',
    ],
    empty: '未查询到其他信息',
  },
]

/** The section an item belongs to; unknown items go to 其他信息. */
export function sectionOf(itemKey: string): ReportSectionSpec {
  return REPORT_SECTIONS.find((s) => s.items.includes(itemKey)) ?? REPORT_SECTIONS[REPORT_SECTIONS.length - 1]!
}
