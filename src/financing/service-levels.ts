/**
 * Service levels (§七 反馈): how many working days an institution has for each step, counted from the day the step
 * became its to do (Beijing dates, holidays and 调休 per the State Council). Data, not code: the operator's figures.
 */
export const SERVICE_LEVELS = {
  accept: { zh: '受理', days: 2, from: '提交申请之日' },
  decide: { zh: '审批', days: 5, from: '受理之日' },
  lend: { zh: '放款', days: 10, from: '审批通过之日' },
  report_loan: { zh: '放款信息报送', days: 3, from: '放款之日' },
  report_repayment: { zh: '还款信息报送', days: 3, from: '还款之日' },
} as const

export type ServiceStep = keyof typeof SERVICE_LEVELS
