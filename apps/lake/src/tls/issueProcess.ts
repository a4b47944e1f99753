// The child process `tlsMaterial` runs: reads `{dataDir}` as JSON on stdin, makes whatever TLS
// material is missing or unusable there (ensureTlsMaterial, which logs what it remade), and exits.
import { text } from 'node:stream/consumers'
import { ensureTlsMaterial } from './certificates.ts'

const { dataDir } = JSON.parse(await text(process.stdin)) as { dataDir: string }
await ensureTlsMaterial(dataDir)
