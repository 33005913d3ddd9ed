import { describe, expect, it } from 'vitest'
import { AppError } from '../../core/index.js'
import { adjustGrade, flagsOf, type WalkEdge, type WalkGraph, type WalkNode } from './propagate.js'
import { checkPropagationRules, loadPropagationRules, type PropagationRules } from './propagation-rules.js'
import { edgesOf, parseBranch, type PersonKeys } from './edges.js'
import type { DishonestyEntry } from './relations.types.js'

const TODAY = '2026-06-01'
const listed = (item = 'dishonest_judgment_debtor', over: Partial<DishonestyEntry> = {}): DishonestyEntry =>
  ({ item, recordKey: 'r1', class: 'serious', start: '2025-01-01', maxEnd: '2028-01-01', filled: [], ...over })

const rule = (over: Record<string, unknown> = {}) => ({
  key: 'related_serious_dishonesty', zh: '关联方严重失信', maxHops: 1,
  links: [{ link: 'shareholder', minRatio: 20 }, { link: 'investment', minRatio: 20 }, { link: 'legal_representative' }, { link: 'shared_legal_representative' }, { link: 'branch_parent' }],
  party: { items: ['serious_violation_list', 'dishonest_judgment_debtor'], classes: ['serious'], inPublicity: true, unlessFilled: ['removal_date'] },
  effect: { flag: 'related_serious_dishonesty', gradeSteps: 1, floor: 'D' },
  ...over,
})
const rules = (...r: Array<Record<string, unknown>>): PropagationRules => checkPropagationRules({ version: 1, rules: r.length ? r : [rule()] })

function graph(nodes: Array<[string, WalkNode['kind'], DishonestyEntry[]?]>, edges: Array<[string, string, WalkEdge['kind'], number?]>): WalkGraph {
  return {
    nodes: new Map(nodes.map(([id, kind, d]) => [id, { id, kind, label: id, dishonesty: d ?? [] }])),
    edges: edges.map(([from, to, kind, ratio], i) => ({ id: `e${i}`, from, to, kind, ratio: ratio ?? null })),
  }
}
const GRADES = ['A', 'B', 'C', 'D']

describe('propagation rules file', () => {
  it('loads the bundled rules', () => {
    const r = loadPropagationRules()
    expect(r.rules.map((x) => x.key)).toContain('related_serious_dishonesty')
  })

  it.each([
    [{ maxHops: 4 }, 'related_serious_dishonesty', 'maxHops'],
    [{ links: [{ link: 'cousin' }] }, 'related_serious_dishonesty', 'links[0].link'],
    [{ links: [{ link: 'legal_representative', minRatio: 10 }] }, 'related_serious_dishonesty', 'links[0].minRatio'],
    [{ links: [{ link: 'shareholder', minRatio: 120 }] }, 'related_serious_dishonesty', 'links[0].minRatio'],
    [{ party: { items: [] } }, 'related_serious_dishonesty', 'party.items'],
    [{ party: { items: ['dishonest_judgment_debtor'], classes: ['awful'] } }, 'related_serious_dishonesty', 'party.classes'],
    [{ effect: { flag: 'x', gradeSteps: 9 } }, 'related_serious_dishonesty', 'effect.gradeSteps'],
    [{ key: 'Bad Key' }, '#1', 'key'],
    [{ zh: '' }, 'related_serious_dishonesty', 'zh'],
  ])('refuses %j, naming the rule and the field', (over, ruleName, field) => {
    let err: unknown
    try { rules(rule(over)) } catch (e) { err = e }
    expect(err).toBeInstanceOf(AppError)
    const e = err as AppError
    expect(e.code).toBe('RELATIONS_RULES_INVALID')
    expect(e.message).toContain(`规则 ${ruleName}`)
    expect(e.message).toContain(`字段 ${field}`)
    expect(e.en).toContain(`field ${field}`)
  })

  it('refuses two rules with one key, and items the repair rules do not class as 失信', () => {
    expect(() => rules(rule(), rule())).toThrow(/重复/)
    expect(() => checkPropagationRules({ version: 1, rules: [rule({ party: { items: ['tax_payment'] } })] }, { knownItems: new Set(['dishonest_judgment_debtor']) })).toThrow(/tax_payment/)
  })
})

describe('propagation', () => {
  it('flags a subject whose ≥20 % shareholder is a dishonest judgment debtor, with the path, and lowers the grade one step', () => {
    const g = graph([['A', 'subject'], ['B', 'subject', [listed()]]], [['B', 'A', 'shareholder', 35]])
    const flags = flagsOf(rules(), g, 'A', TODAY, (i) => (i === 'dishonest_judgment_debtor' ? '失信被执行人信息' : i))
    expect(flags).toHaveLength(1)
    expect(flags[0]).toMatchObject({ party: 'B', flag: 'related_serious_dishonesty', pathText: 'A —股东持股35%→ B —失信被执行人信息' })
    expect(flags[0]!.path).toEqual([{ from: 'A', to: 'B', edge: 'e0', label: '股东持股35%' }])
    const a = adjustGrade(rules(), 'B', GRADES, flags)
    expect(a).toMatchObject({ baseGrade: 'B', grade: 'C', steps: 1 })
    expect(a.reasons[0]).toContain('由 B 下调 1 级至 C')
  })

  it('leaves out shareholders under the ratio, records past publicity, removed listings and general classes', () => {
    const g = graph([
      ['A', 'subject'], ['B', 'subject', [listed()]], ['C', 'subject', [listed('dishonest_judgment_debtor', { maxEnd: '2026-01-01' })]],
      ['D', 'subject', [listed('serious_violation_list', { filled: ['removal_date'] })]], ['E', 'subject', [listed('dishonest_judgment_debtor', { class: 'general' })]],
    ], [['B', 'A', 'shareholder', 19.99], ['C', 'A', 'shareholder', 40], ['D', 'A', 'shareholder', 40], ['E', 'A', 'shareholder', 40]])
    expect(flagsOf(rules(), g, 'A', TODAY)).toEqual([])
  })

  it('finds investments (the reverse edge), shared legal representatives and the parent of a branch', () => {
    const g = graph([
      ['A', 'subject'], ['P', 'person'], ['Inv', 'subject', [listed()]], ['Twin', 'subject', [listed()]], ['Parent', 'subject', [listed('serious_violation_list')]],
    ], [['A', 'Inv', 'shareholder', 60], ['P', 'A', 'legal_representative'], ['P', 'Twin', 'legal_representative'], ['Parent', 'A', 'branch']])
    const flags = flagsOf(rules(), g, 'A', TODAY)
    expect(flags.map((f) => f.party).sort()).toEqual(['Inv', 'Parent', 'Twin'])
    expect(flags.find((f) => f.party === 'Twin')!.path.map((s) => s.label)).toEqual(['法定代表人', '同一人任法定代表人'])
    expect(flags.find((f) => f.party === 'Parent')!.path[0]!.label).toBe('总公司')
    // One rule, three parties: one step down, once.
    expect(adjustGrade(rules(), 'A', GRADES, flags)).toMatchObject({ grade: 'B', steps: 1 })
  })

  it('flags a legal representative who is personally on the list', () => {
    const g = graph([['A', 'subject'], ['P', 'person', [listed()]]], [['P', 'A', 'legal_representative']])
    expect(flagsOf(rules(), g, 'A', TODAY).map((f) => f.party)).toEqual(['P'])
  })

  it('ends on cycles (A holds B holds A) and self-ownership, and never flags the subject for its own records', () => {
    const g = graph([['A', 'subject', [listed()]], ['B', 'subject', [listed()]]], [['A', 'B', 'shareholder', 50], ['B', 'A', 'shareholder', 50], ['A', 'A', 'shareholder', 10]])
    const flags = flagsOf(rules(rule({ maxHops: 3 })), g, 'A', TODAY)
    expect(flags.map((f) => f.party)).toEqual(['B'])
  })

  it('stops at the rule\'s hops', () => {
    // A ← B ← C (each holds 50 % of the next); only C is listed.
    const g = graph([['A', 'subject'], ['B', 'subject'], ['C', 'subject', [listed()]]], [['B', 'A', 'shareholder', 50], ['C', 'B', 'shareholder', 50]])
    expect(flagsOf(rules(), g, 'A', TODAY)).toEqual([])
    const two = flagsOf(rules(rule({ maxHops: 2 })), g, 'A', TODAY)
    expect(two.map((f) => f.party)).toEqual(['C'])
    expect(two[0]!.pathText).toBe('A —股东持股50%→ B —股东持股50%→ C —dishonest_judgment_debtor')
  })

  it('never lowers below the floor, and keeps a grade already below it', () => {
    const flags = flagsOf(rules(rule({ effect: { flag: 'f', gradeSteps: 2, floor: 'C' } })), graph([['A', 'subject'], ['B', 'subject', [listed()]]], [['B', 'A', 'shareholder', 50]]), 'A', TODAY)
    const r = rules(rule({ effect: { flag: 'f', gradeSteps: 2, floor: 'C' } }))
    expect(adjustGrade(r, 'A', GRADES, flags)).toMatchObject({ grade: 'C', steps: 2 })
    expect(adjustGrade(r, 'B', GRADES, flags)).toMatchObject({ grade: 'C', steps: 1 })
    expect(adjustGrade(r, 'D', GRADES, flags)).toMatchObject({ grade: 'D', steps: 0 })
    expect(adjustGrade(rules(), 'D', GRADES, flagsOf(rules(), graph([['A', 'subject'], ['B', 'subject', [listed()]]], [['B', 'A', 'shareholder', 50]]), 'A', TODAY))).toMatchObject({ grade: 'D', steps: 0 })
  })

  it('flags without lowering when the rule says 0 steps', () => {
    const r = rules(rule({ effect: { flag: 'watch', gradeSteps: 0 } }))
    const flags = flagsOf(r, graph([['A', 'subject'], ['B', 'subject', [listed()]]], [['B', 'A', 'shareholder', 50]]), 'A', TODAY)
    const a = adjustGrade(r, 'B', GRADES, flags)
    expect(a).toMatchObject({ grade: 'B', steps: 0 })
    expect(a.reasons[0]).toContain('仅提示')
  })
})

describe('edges from records', () => {
  const keys: PersonKeys = { ofSealedId: (s) => (s === 'sealed-1' ? 'P:id1' : null), ofName: (k, n) => `PN:${k}:${n}` }
  const rec = (itemKey: string, recordKey: string, data: Record<string, unknown>, receivedAt = '2026-01-01T00:00:00Z') => ({ itemKey, recordKey, data, receivedAt })

  it('keys the legal representative by the ID a record pairs with the name, and the same-named shareholder too', () => {
    const edges = edgesOf('X', [
      rec('business_license', 'bl', { legal_representative: '张伟' }),
      rec('administrative_penalty', 'pen', { legal_representative_name: '张伟', legal_representative_id_number: 'sealed-1' }),
      rec('shareholder_contribution', 's1', { shareholder_name: '张伟', shareholder_type: '自然人股东', contribution_ratio: 60 }),
      rec('shareholder_contribution', 's2', { shareholder_name: '李娜', shareholder_type: '自然人股东', contribution_ratio: '15.5' }),
      rec('shareholder_contribution', 's3', { shareholder_name: '宁夏某某投资有限公司', shareholder_type: '企业法人', contribution_ratio: 24.5 }),
      rec('branch_office', 'b1', { branch_name_and_uscc: '某某公司银川分公司（91640100MA76XQ0A8A）' }),
    ], keys)
    expect([...edges].sort((a, b) => a.recordKey.localeCompare(b.recordKey)).map((e) => [e.kind, e.peerKind, e.peerKey, e.ratio])).toEqual([
      ['branch', 'branch', '91640100MA76XQ0A8A', null],
      ['legal_representative', 'person', 'P:id1', null],
      ['shareholder', 'person', 'P:id1', 60],
      ['shareholder', 'person', 'PN:X:李娜', 15.5],
      ['shareholder', 'enterprise', null, 24.5],
    ])
    expect(JSON.stringify(edges)).not.toContain('sealed-1')
  })

  it('parses the branch field with either kind of parenthesis, and keeps a name without a code', () => {
    expect(parseBranch('某某公司银川分公司(91640100MA76XQ0A8A)')).toEqual({ name: '某某公司银川分公司', uscc: '91640100MA76XQ0A8A' })
    expect(parseBranch('某某公司营业部')).toEqual({ name: '某某公司营业部', uscc: null })
  })
})
