import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { exitCode, startNode, stopChild, waitForUrl } from './childProcess.ts'
import { SITE_READ_TOKEN } from './constants.ts'

const webDir = join(import.meta.dirname, '../../../../apps/web')
/** Where this suite's `next build` goes, apart from `.next`, which the site's own runs use. */
export const SITE_DIST_DIR = '.next-studio-e2e'

/**
 * Why the reader-site half of the tests cannot run, or undefined when it can. Building into the
 * site's own `.next` would clobber a `next build` or `next dev` running in the same checkout, so
 * the site must let the build directory be chosen (`distDir` from NEXT_DIST_DIR).
 */
export function siteSkipReason(): string | undefined {
  if (process.env.STUDIO_E2E_SITE === '0') return 'STUDIO_E2E_SITE=0'
  if (!existsSync(join(webDir, 'app'))) return 'apps/web has no app/ yet'
  const config = ['next.config.ts', 'next.config.mjs', 'next.config.js']
    .map((name) => join(webDir, name))
    .find((file) => existsSync(file))
  if (!config || !readFileSync(config, 'utf8').includes('NEXT_DIST_DIR')) {
    return "apps/web's next.config does not take distDir from NEXT_DIST_DIR, so a build here would overwrite the site's own .next"
  }
  return undefined
}

export interface RunningSite {
  url: string
  close(): Promise<void>
}

/** `next build` against the test lake, then `next start`, as readers get the site. */
export async function startSite(options: {
  lakeUrl: string
  port: number
  logsDir: string
  /** What the lake's webhook is signed with; without it `next start` refuses every webhook. */
  revalidateSecret: string
}): Promise<RunningSite> {
  const nextBin = createRequire(join(webDir, 'package.json')).resolve('next/dist/bin/next')
  const url = `http://localhost:${options.port}`
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith('SANITY_') && name !== 'SITE_URL'),
  )
  const env = {
    ...inherited,
    NODE_ENV: 'production',
    NEXT_TELEMETRY_DISABLED: '1',
    NEXT_DIST_DIR: SITE_DIST_DIR,
    SANITY_API_HOST: options.lakeUrl,
    SANITY_REVALIDATE_SECRET: options.revalidateSecret,
    // Checks Presentation's preview secrets and reads drafts in draft mode.
    SANITY_API_READ_TOKEN: SITE_READ_TOKEN,
    SITE_URL: url,
  }
  const buildLog = join(options.logsDir, 'next-build.log')
  const build = startNode(nextBin, ['build'], { cwd: webDir, env, log: buildLog })
  const code = await exitCode(build)
  if (code !== 0)
    throw new Error(`next build failed (${code}):\n${readFileSync(buildLog, 'utf8').slice(-4000)}`)
  const server = startNode(nextBin, ['start', '--port', String(options.port)], {
    cwd: webDir,
    env,
    log: join(options.logsDir, 'next-start.log'),
  })
  try {
    await waitForUrl(`${url}/`, server, 'next start')
  } catch (error) {
    await stopChild(server)
    throw error
  }
  return { url, close: () => stopChild(server) }
}
