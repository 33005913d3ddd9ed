/** Kinds of 信用承诺 (credit commitment) an enterprise may sign, with the 承诺书 template of each. */
export const COMMITMENT_TYPES = {
  financing: {
    name: '融资信用承诺',
    template: '本企业（{name}，统一社会信用代码 {uscc}）郑重承诺：向金融机构申请融资时所提供的信息真实、准确、完整；' +
      '按约定用途使用资金、按期还本付息；如有违反，愿意承担相应责任，并同意将违诺情况记入信用记录。',
  },
  self_declared_data: {
    name: '自愿填报信息真实性承诺',
    template: '本企业（{name}，统一社会信用代码 {uscc}）郑重承诺：通过信用信息共享平台自愿填报的信息真实、准确、完整，' +
      '如有变化将及时更新；如有虚假，愿意承担相应责任，并同意将违诺情况记入信用记录。',
  },
  compliance: {
    name: '守法经营信用承诺',
    template: '本企业（{name}，统一社会信用代码 {uscc}）郑重承诺：严格遵守国家法律法规，诚信经营，依法纳税，' +
      '按时足额缴纳社会保险费和住房公积金；如有违反，愿意接受相关部门依法依规作出的处理。',
  },
} as const

export type CommitmentType = keyof typeof COMMITMENT_TYPES

export interface SelfDeclaration {
  id: string
  itemKey: string
  itemName: string
  declaredAt: string
  declaredBy: string
  values: Record<string, unknown>
  /** Fields shown masked. */
  masked?: string[]
  withdrawnAt: string | null
}

export interface CreditCommitment {
  id: string
  type: string
  typeName: string
  text: string
  textSm3: string
  signer: string
  signedOn: string
  signedBy: string
  createdAt: string
}

/**
 * What a profile or report shows of a subject's own statements: apart from the records providers delivered, under
 * its own heading, each value marked as the subject's, never verified by a provider.
 */
export interface SelfDeclaredSection {
  source: 'self-declared'
  notice: string
  items: Array<{ key: string; name: string; fields: Array<{ key: string; name: string }>; declarations: SelfDeclaration[] }>
  commitments: Array<Omit<CreditCommitment, 'text'>>
}

export const SELF_DECLARED_NOTICE = '以下信息由信用主体自愿填报或作出承诺，未经数据提供单位核实，不替代、不覆盖数据提供单位报送的信息。'
