/*
 * The production set, one process per systemd unit, in start order: the lake, the site behind
 * it, the cache tier in front of the site, and Caddy in front of everything. `npm start` runs
 * exactly these command lines; deploy/systemd/*.service runs them too (a test holds the two
 * together), with `${NAME}` taken from the unit's environment as systemd does.
 */
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { REPO_ROOT } from './settings.ts'

export type ProcessName = 'lake' | 'site' | 'cache' | 'caddy'

export interface ProcessSpec {
  name: ProcessName
  /** `node` means the project's pinned Node (node_modules/.bin/node), whichever runs this. */
  command: string
  /** Arguments; `${NAME}` is replaced from the process's environment. */
  args: string[]
  cwd: string
  /** What the systemd unit is called. */
  unit: string
  /** Exit codes of a clean stop after SIGTERM besides 0 (the unit's SuccessExitStatus=). */
  cleanExits: number[]
}

const WEB_DIR = join(REPO_ROOT, 'apps', 'web')
const NEXT_BIN = createRequire(join(WEB_DIR, 'package.json')).resolve('next/dist/bin/next')

export const PROCESSES: readonly ProcessSpec[] = [
  {
    name: 'lake',
    command: 'node',
    args: [join(REPO_ROOT, 'apps/lake/src/cli.ts'), 'serve'],
    cwd: REPO_ROOT,
    unit: 'slideshow-lake.service',
    cleanExits: [],
  },
  {
    name: 'site',
    command: 'node',
    // Loopback only: readers reach it through the cache tier and Caddy, never directly.
    // biome-ignore lint/suspicious/noTemplateCurlyInString: systemd's ${NAME}, filled in by expandArgs.
    args: [NEXT_BIN, 'start', '--hostname', '127.0.0.1', '--port', '${WEB_PORT}'],
    cwd: WEB_DIR,
    unit: 'slideshow-site.service',
    // `next start` answers SIGTERM by exiting at once with 128 + 15.
    cleanExits: [143],
  },
  {
    name: 'cache',
    command: join(REPO_ROOT, 'deploy/varnish/start.sh'),
    args: [],
    cwd: REPO_ROOT,
    unit: 'slideshow-cache.service',
    cleanExits: [],
  },
  {
    name: 'caddy',
    command: 'caddy',
    args: ['run', '--config', join(REPO_ROOT, 'deploy/caddy/Caddyfile'), '--adapter', 'caddyfile'],
    cwd: REPO_ROOT,
    unit: 'slideshow-caddy.service',
    cleanExits: [],
  },
]

/** The arguments with `${NAME}` filled in from `env`, as systemd fills them in from the unit's. */
export function expandArgs(args: readonly string[], env: Record<string, string | undefined>): string[] {
  return args.map((arg) =>
    arg.replace(/\$\{(\w+)\}/g, (_, name: string) => {
      const value = env[name]
      if (value === undefined) throw new Error(`${name} is not set for ${arg}`)
      return value
    }),
  )
}
