import { siblingModule } from '../files/siblingModule.ts'
import { runInChild } from '../runInChild.ts'
import { type TlsMaterial, usableTlsMaterial } from './certificates.ts'

/**
 * The data dir's TLS material, issued in a child process (tls/issueProcess.ts) when something
 * must be made (the first start, a damaged or expiring certificate): @peculiar/x509 and its
 * ASN.1 stack then never load into the lake, which reads the result with node:crypto.
 */
export async function tlsMaterial(dataDir: string, log: (line: string) => void): Promise<TlsMaterial> {
  const usable = usableTlsMaterial(dataDir)
  if (usable) return usable
  await runInChild(siblingModule(import.meta.url, 'issueProcess'), { dataDir }, log)
  const issued = usableTlsMaterial(dataDir)
  if (!issued) throw new Error(`lake: the TLS certificate in ${dataDir}/tls was issued but cannot be used`)
  return issued
}
