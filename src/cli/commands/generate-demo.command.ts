import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Command } from 'commander'
import { runCommand, CliError } from '../cli-context.js'
import { loadBundledCatalog } from '../../catalog/index.js'
import { demoItemRows, writeItemFile } from '../../demo/index.js'
import { DEMO_SEED } from '../../app/index.js'

interface GenerateOptions {
  subjects: string
  seed: string
  out: string
  format: 'csv' | 'jsonl'
  header: 'zh' | 'key'
  encoding: 'utf8' | 'utf8-bom' | 'gb18030'
  items?: string
}

/**
 * `xinshu demo generate --subjects N --out DIR`: one file per catalog item of synthetic Ningxia data, the same for
 * the same seed. It touches no database, so it needs no role: it only writes files where it is told.
 */
export function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description('演示数据 / demo data')
    .command('generate')
    .description('生成宁夏合成数据文件（每个信息项一个文件）/ write synthetic Ningxia data, one file per item')
    .option('--subjects <n>', '企业数量（1,000 – 1,000,000）/ number of subjects', '1000')
    .option('--seed <n>', '随机种子 / seed', String(DEMO_SEED))
    .option('--out <dir>', '输出目录 / output folder', 'demo-data')
    .option('--format <f>', 'csv 或 jsonl', 'csv')
    .option('--header <h>', '表头：zh（中文）或 key（字段代码）', 'zh')
    .option('--encoding <e>', 'utf8、utf8-bom 或 gb18030', 'utf8')
    .option('--items <keys>', '只生成这些信息项（逗号分隔）/ only these items')
    .action(runCommand(async (opts: GenerateOptions) => {
      const subjects = Number(opts.subjects)
      const seed = Number(opts.seed)
      if (!Number.isInteger(subjects) || subjects < 1) throw new CliError(`--subjects 必须是正整数 / must be a positive whole number: ${opts.subjects}`)
      if (!Number.isInteger(seed)) throw new CliError(`--seed 必须是整数 / must be a whole number: ${opts.seed}`)
      const { document } = loadBundledCatalog()
      const wanted = opts.items?.split(',').map((s) => s.trim())
      const items = document.categories.flatMap((c) => c.items).filter((i) => !wanted || wanted.includes(i.key))
      if (wanted && items.length !== wanted.length) throw new CliError(`未知的信息项 / unknown item in --items: ${opts.items}`)
      mkdirSync(opts.out, { recursive: true })
      for (const item of items) {
        const path = join(opts.out, `${item.key}.${opts.format}`)
        const n = await writeItemFile({ path, item, rows: demoItemRows({ seed, subjects, item }), format: opts.format, header: opts.header, encoding: opts.encoding })
        console.log(`${path}\t${typeof n === 'number' ? n : ''}`)
      }
    }))
}
