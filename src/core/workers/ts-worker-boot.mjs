// Entry of every worker thread: the product runs its TypeScript through tsx (no build step), and a worker does
// not inherit the loader of the thread that started it, so it registers tsx itself, then loads its real module.
import { register } from 'tsx/esm/api'
import { workerData } from 'node:worker_threads'

register()
await import(workerData.entry)
