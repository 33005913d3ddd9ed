import { type Sql, isSealed, unseal } from '../core/index.js'
import { createProfileRepository } from './profile.repository.js'

/** Items whose records name a subject's legal representative with an ID number (the name field beside it). */
const ID_ITEMS = [
  { item: 'administrative_license', id: 'legal_representative_id_number', name: 'legal_representative_name' },
  { item: 'administrative_penalty', id: 'legal_representative_id_number', name: 'legal_representative_name' },
] as const

/**
 * What the hub's current records say of an organisation's legal representative: the 法定代表人 of its
 * 营业执照信息, and the ID numbers (unsealed) that its licence and penalty records give for a legal representative.
 * Used to check an enterprise's self-registration against the registration data (§十七: the subject is who the
 * registry says it is). Reads by subject key, on its shard.
 *
 * @example
 * const onFile = await legalRepresentativeOnFile(db, dataKey, '91640106MA7XXXXXXX')
 * onFile.names // ['李四']
 */
export async function legalRepresentativeOnFile(db: Sql, dataKey: Buffer, uscc: string): Promise<{ names: string[]; idNumbers: Array<{ name: string | null; idNumber: string }> }> {
  const bundle = await createProfileRepository().bundle(db, uscc, { items: ['business_license', ...ID_ITEMS.map((i) => i.item)] })
  if (!bundle) return { names: [], idNumbers: [] }
  const names = new Set<string>()
  const idNumbers: Array<{ name: string | null; idNumber: string }> = []
  for (const r of bundle.records) {
    if (r.item_key === 'business_license') {
      const n = r.data.legal_representative
      if (typeof n === 'string' && n.trim()) names.add(n.trim())
      continue
    }
    const spec = ID_ITEMS.find((i) => i.item === r.item_key)
    const v = spec ? r.data[spec.id] : undefined
    if (typeof v !== 'string') continue
    const name = r.data[spec!.name]
    idNumbers.push({ name: typeof name === 'string' ? name.trim() : null, idNumber: isSealed(v) ? unseal(dataKey, v) : v })
  }
  return { names: [...names], idNumbers }
}
