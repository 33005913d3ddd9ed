import type { CatalogIndex, CatalogDocument } from '../catalog/index.js'
import { fromWorkerError, startTsWorker, type WorkerError } from '../core/index.js'
import type { Chunk, ChunkPlan } from './chunk-builder.js'
import type { FileFormat } from './readers/open-file-reader.js'

/** Files at least this large are read and validated in a worker thread; a thread costs ~0.2 s to start. */
export const WORKER_MIN_BYTES = 4 * 1024 * 1024

/** What the worker needs to read the file and build its chunks exactly as the main thread would. */
export interface FileChunkJob {
  path: string
  name: string
  format: FileFormat
  encoding: string
  itemKey: string
  catalogVersion: number
  catalogDocument: CatalogDocument
  skip: number
  chunkSize: number
  dataKey: Uint8Array
  usccAllowlist: string[]
  /**
   * How far the plan's clock is ahead of the system clock (ms, 0 without a clock): a function cannot cross to the
   * thread, so the worker's clock is the system clock shifted by this much.
   */
  clockOffsetMs: number
  readAhead: number
}

export type FromFileWorker = { type: 'chunk'; chunk: Chunk } | { type: 'done'; warnings: string[] } | { type: 'error'; error: WorkerError }

export interface FileToRead {
  path: string
  name: string
  format: FileFormat
  encoding: string
  itemKey: string
  catalog: CatalogIndex
  /** The reader's warnings about the whole file; those found while reading (JSON Lines' unknown keys) are added. */
  warnings: string[]
}

/**
 * The chunks of a file, read and validated in a worker thread (`file-chunk-worker.ts`). The worker runs at most
 * two chunks ahead of the batch; leaving the loop early (a failed commit) stops it.
 */
export async function* fileChunksInWorker(file: FileToRead, plan: ChunkPlan): AsyncGenerator<Chunk> {
  const job: FileChunkJob = {
    path: file.path, name: file.name, format: file.format, encoding: file.encoding, itemKey: file.itemKey,
    catalogVersion: file.catalog.version, catalogDocument: file.catalog.document,
    skip: plan.skip, chunkSize: plan.chunkSize, dataKey: new Uint8Array(plan.dataKey), usccAllowlist: [...plan.usccAllowlist], readAhead: 2,
    clockOffsetMs: plan.now ? plan.now().getTime() - Date.now() : 0,
  }
  // The thread holds the chunk it is building (under MAX_CHUNK_BYTES) and little else: chunks it hands over are
  // transferred, not copied, and wait here in the main thread, two at most.
  const worker = startTsWorker(new URL('./file-chunk-worker.ts', import.meta.url), job, { heapMb: 256 })
  const inbox: Array<FromFileWorker | { type: 'exit'; code: number } | { type: 'crash'; error: Error }> = []
  let wake: (() => void) | undefined
  const deliver = (m: (typeof inbox)[number]) => {
    inbox.push(m)
    wake?.()
  }
  worker.on('message', deliver)
  worker.on('error', (error) => deliver({ type: 'crash', error }))
  worker.on('exit', (code) => deliver({ type: 'exit', code }))
  try {
    for (;;) {
      while (!inbox.length) await new Promise<void>((resolve) => (wake = resolve))
      const m = inbox.shift()!
      if (m.type === 'chunk') {
        worker.postMessage('more')
        yield m.chunk
      } else if (m.type === 'done') {
        for (const w of m.warnings) if (!file.warnings.includes(w)) file.warnings.push(w)
        return
      }      else if (m.type === 'error') throw fromWorkerError(m.error)
      else if (m.type === 'crash') throw m.error
      else throw new Error(`校验线程意外退出（${m.code}） / the validation thread exited unexpectedly (${m.code})`)
    }
  } finally {
    await worker.terminate()
  }
}
