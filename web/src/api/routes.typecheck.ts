/**
 * What ./routes.ts forbids, proven by the compiler: `npx tsc --noEmit -p web` fails if any `@ts-expect-error` below
 * stops being an error. Never imported, never run (the calls sit in a function nobody calls).
 */
import { api } from './client'
import type { CatalogItemDetail, Grant, GrantList, SubjectDetail } from './types'

type Equal<A, B> = (<X>() => X extends A ? 1 : 2) extends (<X>() => X extends B ? 1 : 2) ? true : false
const expectType = <A, B>(_proof: Equal<A, B>): void => undefined

export async function routesTypecheck(code: string): Promise<void> {
  // The path decides the answer: no `<T>` to get wrong.
  expectType<Awaited<ReturnType<typeof api.get<'/api/subjects/{code}'>>>, SubjectDetail>(true)
  expectType<Awaited<ReturnType<typeof api.get<'/api/grants'>>>, GrantList>(true)
  expectType<Awaited<ReturnType<typeof api.post<'/api/grants/{id}/approve'>>>, Grant>(true)
  const detail: SubjectDetail = await api.get('/api/subjects/{code}', { params: { code } })
  const item: CatalogItemDetail = await api.get('/api/catalog/items/{itemKey}', { params: { itemKey: code } })
  void detail
  void item

  // @ts-expect-error an answer is not whatever the caller says it is
  const wrong: GrantList = await api.get('/api/subjects/{code}', { params: { code } })
  void wrong
  // @ts-expect-error a type argument cannot name an answer either: it must be a path of the map
  await api.get<SubjectDetail>('/api/subjects/{code}', { params: { code } })

  // @ts-expect-error a path the map does not list does not compile
  await api.get('/api/no-such-thing', { signal: undefined })
  // @ts-expect-error nor does a path built by hand: placeholders are filled by the client
  await api.get(`/api/subjects/${code}`, { signal: undefined })
  // @ts-expect-error a path listed under another method does not compile under this one
  await api.get('/api/grants/{id}/approve', { params: { id: code } })
  // @ts-expect-error nor a file download as a JSON call
  await api.get('/api/reports/{reportNo}/pdf', { params: { reportNo: code } })

  // @ts-expect-error a path with placeholders needs its params
  await api.get('/api/subjects/{code}')
  // @ts-expect-error ... each of them, by the server's name
  await api.get('/api/subjects/{code}', { params: { id: code } })
  // @ts-expect-error ... and a path without placeholders takes none
  await api.get('/api/grants', { params: { id: code } })
  // @ts-expect-error downloads too
  await api.download('/api/reports/{reportNo}/pdf', { filename: 'r.pdf' })
}
