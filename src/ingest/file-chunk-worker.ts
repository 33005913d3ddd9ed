/**
 * Worker thread of a large file's batch: reads the file and validates its records into chunks, while the main
 * thread commits them (see `file-chunks.ts`). Validation, SM4 sealing and hashing cost more CPU per record than
 * the database's merge, so on two cores this is what lets both run at once.
 */
import { parentPort, workerData } from 'node:worker_threads'
import { CatalogIndex } from '../catalog/index.js'
import { toWorkerError } from '../core/index.js'
import { createChunkBuilder, type Chunk } from './chunk-builder.js'
import { openFileReader } from './readers/open-file-reader.js'
import type { FileChunkJob, FromFileWorker } from './file-chunks.js'

const job = (workerData as { data: FileChunkJob }).data
const port = parentPort!
const send = (m: FromFileWorker) => port.postMessage(m)

// Chunks the main thread may still take without asking: enough to keep the database busy, few enough to keep
// memory flat whatever the file's size.
let credits = job.readAhead
let wake: (() => void) | undefined
port.on('message', (m: 'more') => {
  if (m === 'more') {
    credits++
    wake?.()
  }
})

async function handOver(chunk: Chunk): Promise<void> {
  while (credits === 0) await new Promise<void>((resolve) => (wake = resolve))
  credits--
  // The chunk's bytes move to the main thread; this thread has already moved on to fresh memory.
  port.postMessage({ type: 'chunk', chunk } satisfies FromFileWorker, [chunk.records.buffer as ArrayBuffer, chunk.quarantine.buffer as ArrayBuffer])
}

try {
  const resolved = new CatalogIndex(job.catalogVersion, job.catalogDocument).get(job.itemKey)!
  const reader = await openFileReader(job.path, resolved, { encoding: job.encoding, format: job.format, name: job.name, xlsxLimits: 'checked' })
  const builder = createChunkBuilder(resolved, { skip: job.skip, chunkSize: job.chunkSize, dataKey: Buffer.from(job.dataKey), usccAllowlist: new Set(job.usccAllowlist), now: () => new Date(Date.now() + job.clockOffsetMs) })
  for await (const rec of reader.records) {
    const chunk = builder.add(rec)
    if (chunk) await handOver(chunk)
  }
  const last = builder.finish()
  if (last) await handOver(last)
  send({ type: 'done', warnings: reader.warnings })
} catch (err) {
  send({ type: 'error', error: toWorkerError(err) })
}
port.close()
