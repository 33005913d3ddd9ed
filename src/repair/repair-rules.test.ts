import { describe, expect, it } from 'vitest'
import { addMonths, loadRepairRules, publicityOf, ruleSetOn, checkRepairRules, type RepairRules } from './repair-rules.js'

const rules = loadRepairRules()
const penalty = (over: Record<string, unknown>) => ({ penalty_content: '罚款', fine_amount: '12000.00', confiscation_amount: '0', decision_date: '2026-05-01', ...over })

describe('repair rules', () => {
  it('adds calendar months, keeping the last day of a shorter month', () => {
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28')
    expect(addMonths('2025-11-15', 3)).toBe('2026-02-15')
    expect(addMonths('2026-04-01', 36)).toBe('2029-04-01')
  })

  it('applies the rule set in force on the decision date', () => {
    expect(ruleSetOn(rules, '2026-03-31').id).toBe('ndrc-2023-58')
    expect(ruleSetOn(rules, '2026-04-01').id).toBe('ndrc-2025-36')
    expect(ruleSetOn(rules, '2019-06-01').id).toBe('ndrc-2023-58')
  })

  it('classes a penalty by its content and amounts, with the periods of 国家发展改革委令第36号 from 2026-04-01', () => {
    expect(publicityOf(rules, 'administrative_penalty', penalty({ penalty_content: '警告', fine_amount: '0' }))).toMatchObject({ class: 'minor', minEnd: '2026-05-01', maxEnd: '2026-08-01' })
    expect(publicityOf(rules, 'administrative_penalty', penalty({}))).toMatchObject({ class: 'general', minEnd: '2026-08-01', maxEnd: '2027-05-01' })
    expect(publicityOf(rules, 'administrative_penalty', penalty({ penalty_content: '吊销营业执照' }))).toMatchObject({ class: 'serious', minEnd: '2027-05-01', maxEnd: '2029-05-01' })
    expect(publicityOf(rules, 'administrative_penalty', penalty({ fine_amount: '2000000' }))).toMatchObject({ class: 'serious' })
  })

  it('classes as minor what 第36号令 names minor: warnings and 通报批评, and fines a simple procedure may impose on an organisation (行政处罚法 第五十一条)', () => {
    expect(publicityOf(rules, 'administrative_penalty', penalty({ penalty_content: '通报批评', fine_amount: '' }))).toMatchObject({ class: 'minor', minEnd: '2026-05-01', maxEnd: '2026-08-01' })
    expect(publicityOf(rules, 'administrative_penalty', penalty({ penalty_content: '警告、罚款', fine_amount: '3000.00' }))).toMatchObject({ class: 'minor' })
    expect(publicityOf(rules, 'administrative_penalty', penalty({ penalty_content: '罚款', fine_amount: '3000.01' }))).toMatchObject({ class: 'general' })
    expect(publicityOf(rules, 'administrative_penalty', penalty({ penalty_content: '罚款、没收违法所得', fine_amount: '1000', confiscation_amount: '500' }))).toMatchObject({ class: 'general' })
  })

  it('gives a minor penalty decided before 2026-04-01 the general periods of 2023年第58号令, which has no minor class', () => {
    expect(publicityOf(rules, 'administrative_penalty', penalty({ penalty_content: '警告', fine_amount: '0', decision_date: '2025-06-10' }))).toMatchObject({ class: 'minor', minEnd: '2025-09-10', maxEnd: '2026-06-10' })
  })

  it('knows no publicity for items that are not 失信 information or records without a decision date', () => {
    expect(publicityOf(rules, 'tax_payment', { decision_date: '2026-01-01' })).toBeNull()
    expect(publicityOf(rules, 'administrative_penalty', penalty({ decision_date: '' }))).toBeNull()
    expect(publicityOf(rules, 'dishonest_judgment_debtor', { publication_date: '2024-01-02' })).toMatchObject({ class: 'serious', maxEnd: '2027-01-02' })
  })

  it('refuses a rules document whose maximum is below its minimum, naming where', () => {
    const bad = structuredClone(rules) as RepairRules
    bad.ruleSets[1]!.classes.general = { minMonths: 12, maxMonths: 3 }
    expect(() => checkRepairRules(bad)).toThrow(/ruleSets\[1\]\.classes\.general/)
  })
})
