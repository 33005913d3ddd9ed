import { describe, expect, it } from 'vitest'
import { metric, psiReading } from './scorecard-format'

describe('scorecard figures', () => {
  it('prints metrics with three decimals and a dash for none', () => {
    expect(metric(0.83333)).toBe('0.833')
    expect(metric(null)).toBe('—')
  })
  it('reads PSI the usual way: below 0.1 stable, up to 0.25 some shift, above a real one', () => {
    expect(psiReading(0.05)?.color).toBe('green')
    expect(psiReading(0.2)?.color).toBe('orange')
    expect(psiReading(0.4)?.color).toBe('red')
    expect(psiReading(null)).toBeNull()
  })
})
