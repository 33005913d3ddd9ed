import type { Worker } from 'node:worker_threads'
import { fromWorkerError, startTsWorker, type WorkerError } from '../core/index.js'
import type { IssuedReport } from './report.types.js'
import { ReportErrors } from './report.errors.js'

interface Pending {
  resolve(pdf: Buffer): void
  reject(err: Error): void
}

let worker: Worker | undefined
let nextId = 1
const pending = new Map<number, Pending>()

function thread(): Worker {
  if (worker) return worker
  const w = startTsWorker(new URL('./report-pdf-worker.ts', import.meta.url), null, { heapMb: 512 })
  // The thread must not keep a CLI or a test process alive once nothing is waiting for it.
  w.unref()
  w.on('message', (m: { id: number; pdf?: Uint8Array; error?: WorkerError }) => {
    const p = pending.get(m.id)
    if (!p) return
    pending.delete(m.id)
    if (m.error) p.reject(fromWorkerError(m.error))
    else p.resolve(Buffer.from(m.pdf!.buffer, m.pdf!.byteOffset, m.pdf!.byteLength))
  })
  const fail = (err: Error) => {
    if (worker === w) worker = undefined
    for (const [id, p] of pending) {
      pending.delete(id)
      p.reject(err)
    }
  }
  w.on('error', fail)
  w.on('exit', (code) => fail(new Error(`PDF thread stopped (exit ${code})`)))
  worker = w
  return w
}

/** Records a report holds over all its sections: what its layout costs. */
export const reportRecordCount = (report: IssuedReport) => report.sections.reduce((n, s) => n + s.items.reduce((m, i) => m + i.records.length, 0), 0)

/**
 * Lays out a report's PDF in a worker thread, so the server keeps answering (health checks, other users) while a
 * large report renders; a report with more than `maxRecords` records is refused (413 REPORT_TOO_LARGE) before any
 * layout. Renders queue in one long-lived thread that loads the CJK fonts once; a thread that dies (out of memory)
 * fails the renders it held and is started afresh for the next.
 */
export function renderReportPdfOffThread(report: IssuedReport, maxRecords: number): Promise<Buffer> {
  const records = reportRecordCount(report)
  if (records > maxRecords) return Promise.reject(ReportErrors.TOO_LARGE(records, maxRecords))
  return new Promise<Buffer>((resolve, reject) => {
    const id = nextId++
    const w = thread()
    w.ref()
    const done = () => {
      if (pending.size === 0) w.unref()
    }
    pending.set(id, { resolve: (b) => { pending.delete(id); done(); resolve(b) }, reject: (e) => { pending.delete(id); done(); reject(e) } })
    w.postMessage({ id, report })
  })
}
