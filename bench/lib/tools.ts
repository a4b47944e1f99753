// The machine tools the bench drives (wrk, nginx, Varnish, Redis, Chromium), installed from Debian's
// packages when missing and the bench runs as root with apt-get, and the versions of everything.
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { cpus, freemem, loadavg, release, totalmem } from 'node:os'
import { CHROMIUM_PATH } from '@slideshow/testkit/chromium'
import { packageVersion, REPO_ROOT } from './paths.ts'

interface Tool {
  name: string
  binary: string
  /** Debian package that provides it. */
  apt: string
  version: () => string
}

function output(command: string, args: string[]): string {
  const result = spawnSync(command, args, { encoding: 'utf8' })
  return `${result.stdout ?? ''}${result.stderr ?? ''}`.trim()
}

function pick(text: string, pattern: RegExp): string {
  return text.match(pattern)?.[1] ?? text.split('\n')[0] ?? ''
}

export const TOOLS: Tool[] = [
  {
    name: 'wrk',
    binary: '/usr/bin/wrk',
    apt: 'wrk',
    version: () => pick(output('/usr/bin/wrk', ['-v']), /wrk \S*?([\d.]+)/),
  },
  {
    name: 'nginx',
    binary: '/usr/sbin/nginx',
    apt: 'nginx',
    version: () => pick(output('/usr/sbin/nginx', ['-v']), /nginx\/([\d.]+)/),
  },
  {
    name: 'varnish',
    binary: '/usr/sbin/varnishd',
    apt: 'varnish',
    version: () => pick(output('/usr/sbin/varnishd', ['-V']), /varnish-([\d.]+)/),
  },
  {
    name: 'redis',
    binary: '/usr/bin/redis-server',
    apt: 'redis-server',
    version: () => pick(output('/usr/bin/redis-server', ['--version']), /v=([\d.]+)/),
  },
  {
    name: 'chromium',
    binary: CHROMIUM_PATH,
    apt: 'chromium',
    version: () => pick(output(CHROMIUM_PATH, ['--version']), /Chromium ([\d.]+)/),
  },
]

/** Installs what is missing (root + apt-get), or throws with the one command that would. */
export function ensureTools(log: (line: string) => void): void {
  const missing = TOOLS.filter((tool) => !existsSync(tool.binary))
  if (missing.length === 0) return
  const packages = missing.map((tool) => tool.apt)
  const command = `apt-get install -y ${packages.join(' ')}`
  if (process.getuid?.() !== 0 || !existsSync('/usr/bin/apt-get')) {
    throw new Error(
      `bench: missing ${missing.map((tool) => tool.name).join(', ')}. Install them with:\n  sudo ${command}`,
    )
  }
  log(`bench: installing ${packages.join(', ')} (apt-get)`)
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
  let result = spawnSync('apt-get', ['install', '-y', '-qq', ...packages], { stdio: 'inherit', env })
  if (result.status !== 0) {
    spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env })
    result = spawnSync('apt-get', ['install', '-y', '-qq', ...packages], { stdio: 'inherit', env })
  }
  const still = TOOLS.filter((tool) => !existsSync(tool.binary))
  if (still.length)
    throw new Error(`bench: could not install ${still.map((tool) => tool.name).join(', ')}; try: ${command}`)
}

export interface Machine {
  cpuModel: string
  cores: number
  memoryBytes: number
  freeMemoryBytesAtStart: number
  kernel: string
  os: string
  loadAverageAtStart: number[]
  versions: Record<string, string | undefined>
}

export function machine(): Machine {
  const osRelease = existsSync('/etc/os-release') ? readFileSync('/etc/os-release', 'utf8') : ''
  const webPackages = ['next', 'react', 'react-dom', 'next-sanity', '@sanity/client', 'playwright-core']
  return {
    cpuModel: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryBytes: totalmem(),
    freeMemoryBytesAtStart: freemem(),
    kernel: release(),
    os: osRelease.match(/^PRETTY_NAME="?([^"\n]+)"?/m)?.[1] ?? 'unknown',
    loadAverageAtStart: loadavg(),
    versions: {
      node: process.version,
      ...Object.fromEntries(webPackages.map((name) => [name, packageVersion(name)])),
      lighthouse: packageVersion('lighthouse', REPO_ROOT),
      'groq-js': packageVersion('groq-js', `${REPO_ROOT}/apps/lake`),
      sharp: packageVersion('sharp', `${REPO_ROOT}/apps/lake`),
      ...Object.fromEntries(
        TOOLS.map((tool) => [tool.name, existsSync(tool.binary) ? tool.version() : undefined]),
      ),
    },
  }
}
