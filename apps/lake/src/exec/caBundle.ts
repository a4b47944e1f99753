import { existsSync, readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { writeFileAtomic } from '../files/atomicWrite.ts'

/**
 * NODE_EXTRA_CA_CERTS takes one file, and machines behind a company proxy often set it already:
 * then both go in a bundle beside the lake's CA (named `bundleName`), so the process trusts the
 * lake and the proxy.
 */
export function extraCaCerts(caFile: string, existing: string | undefined, bundleName: string): string {
  if (!existing || !existsSync(existing) || resolve(existing) === caFile) return caFile
  const bundle = join(dirname(caFile), bundleName)
  writeFileAtomic(bundle, `${readFileSync(existing, 'utf8').trimEnd()}\n${readFileSync(caFile, 'utf8')}`)
  return bundle
}
