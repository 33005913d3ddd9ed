import { describe, expect, it } from 'vitest'
import { buildIdNumber, validateIdNumber, buildUscc, validateUscc } from '../registry/index.js'
import { Rng, formatDay } from './random.js'
import { MAX_DEMO_SUBJECTS, demoSubject, demoSubjectCore, demoSubjects, idNumberOf, permuteIndex, usccOf } from './subjects.js'

const SEED = 20221119

describe('demoSubject', () => {
  it('returns the same subject for the same seed and index', () => {
    for (const i of [0, 1, 17, 999, 123_456]) expect(demoSubject(SEED, i)).toEqual(demoSubject(SEED, i))
  })

  it('recreates subject i without generating the subjects before it', () => {
    const inOrder = [...demoSubjects(SEED, 50)]
    expect(demoSubject(SEED, 49)).toEqual(inOrder[49])
    expect(demoSubject(SEED, 7)).toEqual(inOrder[7])
  })

  it('returns different subjects for different seeds', () => {
    const a = [...demoSubjects(1, 100)]
    const b = [...demoSubjects(2, 100)]
    expect(a.map((s) => s.uscc)).not.toEqual(b.map((s) => s.uscc))
    expect(a.map((s) => s.name)).not.toEqual(b.map((s) => s.name))
  })

  it('gives every USCC and ID number of 5,000 subjects a pass from the registry validators', () => {
    const wrong: string[] = []
    for (const s of demoSubjects(SEED, 5000)) {
      const uscc = validateUscc(s.uscc)
      if (!uscc.ok) {
        wrong.push(`${s.index} ${s.uscc}: ${uscc.error.en}`)
        continue
      }
      const type = s.entityKind === 'enterprise' ? '1' : s.entityKind === 'individual_business' ? '2' : '3'
      if (uscc.authority.code !== '9' || uscc.entityType.code !== type) wrong.push(`${s.index} ${s.uscc}: authority/type`)
      if (uscc.divisionCode !== s.registrationDivisionCode || !uscc.division?.inNingxia) wrong.push(`${s.index} ${s.uscc}: division`)
      const id = validateIdNumber(s.legalRepresentativeIdNumber)
      if (!id.ok) wrong.push(`${s.index} ${s.legalRepresentativeIdNumber}: ${id.error.en}`)
      else if (!id.division?.inNingxia || id.sex !== (s.legalRepresentativeMale ? 'male' : 'female')) wrong.push(`${s.index}: ID division/sex`)
    }
    expect(wrong).toEqual([])
  })

  it('gives 20,000 subjects 20,000 different USCCs', () => {
    const codes = new Set<string>()
    for (const s of demoSubjects(SEED, 20_000)) codes.add(s.uscc)
    expect(codes.size).toBe(20_000)
  })

  it('keeps USCCs unique at the far end of the index range', () => {
    const codes = new Set<string>()
    for (const s of demoSubjects(SEED, 5000, 999_000)) codes.add(s.uscc)
    expect(codes.size).toBe(5000)
  })

  it('describes plausible Ningxia market entities', () => {
    const subjects = [...demoSubjects(SEED, 3000)]
    const share = (f: (s: (typeof subjects)[number]) => boolean) => subjects.filter(f).length / subjects.length
    // Weighted toward 银川, every subject in a Ningxia county, and the address in that county.
    expect(share((s) => s.divisionCode.startsWith('6401'))).toBeGreaterThan(0.4)
    const odd = subjects.filter(
      (s) =>
        !/^640[1-5]\d\d$/.test(s.divisionCode) ||
        !s.domicile.startsWith('宁夏回族自治区') ||
        !/^\d+\.\d\d$/.test(s.registeredCapital) ||
        !/^[A-T]\d{4}$/.test(s.industry) ||
        s.establishmentDate > '2026-06-30' ||
        !/^\p{Script=Han}{2,3}$/u.test(s.legalRepresentative) ||
        // Names say what the subject is.
        (s.entityKind === 'enterprise' && !/(有限公司|有限责任公司|股份有限公司)$/.test(s.name)) ||
        (s.entityKind === 'cooperative' && !/专业合作社$/.test(s.name)),
    )
    expect(odd).toEqual([])
    expect(share((s) => s.entityKind === 'individual_business')).toBeGreaterThan(0.2)
    expect(share((s) => s.entityKind === 'cooperative')).toBeGreaterThan(0.02)
    // Hui surnames are common among legal representatives.
    expect(share((s) => s.legalRepresentative.startsWith('马'))).toBeGreaterThan(0.05)
    expect(subjects.some((s) => /^[丁海纳]/.test(s.legalRepresentative))).toBe(true)
  })

  it('has a core that agrees with the full subject', () => {
    for (let i = 0; i < 500; i++) {
      const s = demoSubject(SEED, i)
      const core = demoSubjectCore(SEED, i)
      expect(core.entityKind).toBe(s.entityKind)
      expect(core.county.code).toBe(s.divisionCode)
      expect(core.profile.key).toBe(s.industryProfile)
    }
  })
})

describe('code assembly', () => {
  it("builds the same codes as the registry's buildUscc and buildIdNumber", () => {
    const rng = new Rng(3)
    const chars = '0123456789ABCDEFGHJKLMNPQRTUWXY'
    for (let i = 0; i < 3000; i++) {
      const body = Array.from({ length: 8 }, () => rng.pick([...chars])).join('')
      const division = rng.pick(['640104', '640100', '640521', '110105'])
      const type = rng.pick(['1', '2', '3'])
      expect(usccOf('9', type, division, body)).toBe(buildUscc({ authority: '9', entityType: type, divisionCode: division, orgCodeBody: body }))
      const birth = rng.int(-7000, 12_000)
      const sequence = rng.int(0, 999)
      expect(idNumberOf(division, birth, sequence)).toBe(buildIdNumber({ divisionCode: division, birthDate: formatDay(birth), sequence }))
    }
  })
})

describe('permuteIndex', () => {
  it('maps indexes one-to-one into the code space', () => {
    const seen = new Set<number>()
    let max = 0
    for (let i = 0; i < 50_000; i++) {
      const p = permuteIndex(i, 7)
      max = Math.max(max, p)
      seen.add(p)
    }
    expect(seen.size).toBe(50_000)
    expect(max).toBeLessThan(MAX_DEMO_SUBJECTS)
  })

  it('rejects an index outside the code space', () => {
    expect(() => permuteIndex(MAX_DEMO_SUBJECTS, 1)).toThrow(RangeError)
    expect(() => permuteIndex(-1, 1)).toThrow(RangeError)
  })
})
