import { Worker } from 'node:worker_threads'
import { AppError, type ErrorType } from '../errors.js'

/**
 * Starts a worker thread on a TypeScript module; `data` reaches it as `workerData.data`. `heapMb` bounds the
 * thread's heap: V8 otherwise lets a busy thread's heap grow to a share of the machine's memory before collecting.
 */
export function startTsWorker(entry: URL, data: unknown, opts: { heapMb?: number } = {}): Worker {
  return new Worker(new URL('./ts-worker-boot.mjs', import.meta.url), {
    workerData: { entry: entry.href, data },
    ...(opts.heapMb ? { resourceLimits: { maxOldGenerationSizeMb: opts.heapMb } } : {}),
  })
}

/** An error as it crosses from a worker: an AppError keeps its code and both messages. */
export interface WorkerError {
  message: string
  app?: { code: string; type: ErrorType; zh: string; en: string }
}

export function toWorkerError(err: unknown): WorkerError {
  if (err instanceof AppError) return { message: err.message, app: { code: err.code, type: err.type, zh: err.zh, en: err.en } }
  return { message: err instanceof Error ? err.message : String(err) }
}

export function fromWorkerError(e: WorkerError): Error {
  return e.app ? new AppError(e.app.code, e.app.type, e.app.zh, e.app.en) : new Error(e.message)
}
