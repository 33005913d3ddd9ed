import { createXinshu, type Xinshu } from '../src/app/xinshu.js'
import { openTestDatabase, TEST_DATA_KEY, type TestDialect } from './databases.js'

/** The whole product on a fresh test database, without HTTP. */
export async function openTestXinshu(dialect: TestDialect): Promise<Xinshu> {
  const db = await openTestDatabase(dialect)
  return createXinshu({ dataKey: TEST_DATA_KEY }, db)
}
