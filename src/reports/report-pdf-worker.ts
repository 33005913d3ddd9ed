// The thread that lays out report PDFs (see report-pdf-thread.ts): one job at a time, fonts loaded once.
import { parentPort } from 'node:worker_threads'
import { toWorkerError } from '../core/index.js'
import { renderReportPdf } from './report-pdf.js'
import type { IssuedReport } from './report.types.js'

const port = parentPort!
port.on('message', async (job: { id: number; report: IssuedReport }) => {
  try {
    const pdf = await renderReportPdf(job.report)
    const bytes = new Uint8Array(pdf.buffer, pdf.byteOffset, pdf.byteLength)
    port.postMessage({ id: job.id, pdf: bytes }, pdf.byteOffset === 0 && pdf.byteLength === pdf.buffer.byteLength ? [bytes.buffer as ArrayBuffer] : [])
  } catch (err) {
    port.postMessage({ id: job.id, error: toWorkerError(err) })
  }
})
