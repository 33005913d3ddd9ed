import { existsSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium, type Browser, type Page } from 'playwright-core'

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url))
export const ARTIFACTS = join(REPO_ROOT, 'artifacts', 'e2e')
export const WEB_DIST_INDEX = join(REPO_ROOT, 'web', 'dist', 'index.html')

/** Debian's Chromium from apt: never a downloaded browser. */
export const CHROMIUM = process.env.XINSHU_CHROMIUM ?? '/usr/bin/chromium'

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  })
}

/** Screenshots of each step, for people to look at (artifacts/ is gitignored). */
export async function shot(page: Page, name: string): Promise<void> {
  if (!existsSync(ARTIFACTS)) mkdirSync(ARTIFACTS, { recursive: true })
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: false })
}

/**
 * Collects what the page says went wrong: uncaught errors, and console errors other than expected 401s and 422s —
 * plus any status a step expects (`allow`: a 403 for a query under a revoked grant).
 */
export function watchErrors(page: Page, opts: { allow?: number[] } = {}): string[] {
  const errors: string[] = []
  const expected = new RegExp(`status of (${[401, 422, ...(opts.allow ?? [])].join('|')})`)
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`))
  page.on('console', (m) => {
    if (m.type() !== 'error') return
    const text = m.text()
    // The browser logs every non-2xx response; the app's own "who am I" before login answers 401 by design,
    // and a resubmission that still fails validation answers 422.
    if (expected.test(text)) return
    errors.push(`console: ${text}`)
  })
  return errors
}
