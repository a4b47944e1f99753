import { randomBytes } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { writeFileAtomic } from '../files/atomicWrite.ts'

/**
 * Secrets that belong to one data dir, made at random on first start and kept beside the data:
 * nothing is built into the code, and two machines (or two data dirs) never share them.
 * - `identityKey`: the HMAC key that turns a token into a stable, unguessable identity id.
 * - `revalidateSecret`: signs the lake's webhooks to the reader site (`SANITY_REVALIDATE_SECRET`).
 * - `previewSecret`: opens the site's draft mode in development (`SANITY_PREVIEW_SECRET`).
 * - `cliToken`: an administrator token for the real Sanity CLI on this machine (`npm run sanity`
 *   hands it over as SANITY_AUTH_TOKEN): the CLI insists on a token even where the lake's dev
 *   identity would let it in, and whoever can read this file can already change the data.
 */
export interface DataDirSecrets {
  identityKey: string
  revalidateSecret: string
  previewSecret: string
  cliToken: string
}

const NAMES: Array<keyof DataDirSecrets> = ['identityKey', 'revalidateSecret', 'previewSecret', 'cliToken']

export function secretsFile(dataDir: string): string {
  return join(dataDir, 'secrets.json')
}

function fresh(): string {
  return randomBytes(32).toString('base64url')
}

function readExisting(file: string): Partial<DataDirSecrets> | undefined {
  if (!existsSync(file)) return undefined
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as unknown
    return typeof parsed === 'object' && parsed !== null ? (parsed as Partial<DataDirSecrets>) : {}
  } catch {
    return {}
  }
}

/**
 * The data dir's secrets, creating any that are missing. A torn or empty file (a crash while it
 * was first written, before writes were atomic) is replaced and said so, rather than crashing.
 */
export function ensureSecrets(dataDir: string, log: (line: string) => void = console.log): DataDirSecrets {
  const file = secretsFile(dataDir)
  const existing = readExisting(file)
  const valid = (value: unknown): value is string => typeof value === 'string' && value.length >= 32
  const missing = NAMES.filter((name) => !valid(existing?.[name]))
  if (missing.length === 0) return existing as DataDirSecrets
  const secrets = Object.fromEntries(
    NAMES.map((name) => [name, valid(existing?.[name]) ? existing[name] : fresh()]),
  ) as unknown as DataDirSecrets
  writeFileAtomic(file, `${JSON.stringify(secrets, null, 2)}\n`)
  // A secret this version adds to an older file is simply added; only a broken one is news.
  const damaged =
    existing !== undefined &&
    (Object.keys(existing).length === 0 || missing.some((name) => existing[name] !== undefined))
  if (damaged) log(`lake: ${file} was damaged or incomplete; regenerated ${missing.join(', ')}`)
  return secrets
}
