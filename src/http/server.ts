import { loadConfig } from '../core/index.js'
import { createXinshu, acquireLock, seedDemo } from '../app/index.js'
import { buildApp } from './app.js'
import { sweepOrphanUploads } from '../ingest/index.js'
import { startRepairSweeper } from '../repair/index.js'
import { startChangePruner } from '../records/index.js'
import { startLapseSweeper } from '../evaluation/index.js'

/**
 * `npm start`: the API (and the web app) on the configured database, the embedded one by default, with the demo
 * data set loaded on first start.
 */
async function main(): Promise<void> {
  const config = loadConfig()
  const lock = config.databaseUrl ? undefined : acquireLock(config.dataDir, { kind: 'server' })
  if (lock && 'heldBy' in lock) {
    console.error(`数据目录 ${config.dataDir} 正被进程 ${lock.heldBy.pid}（${lock.heldBy.kind}）使用；请先停止它，或用 XINSHU_DATA_DIR 指定其他目录。\n` +
      `The data folder ${config.dataDir} is in use by process ${lock.heldBy.pid} (${lock.heldBy.kind}); stop it first or set XINSHU_DATA_DIR.`)
    process.exit(1)
  }
  // Uploads of a process that died mid-request (killed, out of memory) leave their temporary folders behind.
  const swept = sweepOrphanUploads()
  if (swept) console.log(`清理了 ${swept} 个遗留的上传临时目录 / removed ${swept} upload folders left by stopped processes`)
  const x = await createXinshu(config)
  if (config.demo) await seedDemo(x, { subjects: config.demoSubjects, log: (m) => console.log(m) })
  // Rescoring follows the records change feed: a subject's score moves when its records do (信用评价, §十二).
  const stopFollowing = await x.evaluation.startFollowing({ onError: (e) => console.error('evaluation follower:', e instanceof Error ? e.message : e) })
  // 监测预警: consume the records change feed and send webhooks in this process unless another one does.
  if (config.monitoring.worker) await x.monitoring.startWorker()
  const app = await buildApp(x, { logger: { level: config.logLevel } })
  const address = await app.listen({ port: config.port, host: config.host })
  if (lock && 'update' in lock) {
    const cli = await x.access.ensureSystemSession()
    lock.update({ url: `http://127.0.0.1:${config.port}`, token: cli })
  }
  console.log(`信枢 Xinshu 已启动 / listening on ${address}  (数据库 / database: ${x.db.kind}${config.databaseUrl ? '' : ' ' + config.dataDir})`)
  // Publicity of 失信 information ends on its day (docs/repair.md): the sweep runs beside the API.
  const stopSweeper = startRepairSweeper(x.repairs, config.repair.sweepSeconds, (m) => console.log(m))
  // The change feed keeps the platforms' retention window, and whatever the consumers above have not read yet.
  const stopPruner = startChangePruner(x.changeRetention, config.feed.pruneSeconds, (m) => console.log(m))
  // A related party's publicity ends on its day: the grade shown rises then, even with no record changing.
  const stopLapses = startLapseSweeper(x.evaluation, config.relations.lapseSweepSeconds, (m) => console.log(m))
  const stop = async () => {
    await stopLapses()
    await stopPruner()
    await stopSweeper()
    await app.close()
    await stopFollowing()
    await x.close()
    if (lock && 'release' in lock) lock.release()
    process.exit(0)
  }
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err)
  process.exit(1)
})
