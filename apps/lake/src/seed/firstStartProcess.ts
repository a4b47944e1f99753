// The child process `prepareFirstStartApart` runs: reads the lake's config and public origin as
// JSON on stdin, seeds the data dir as `prepareFirstStart` does in the lake, and exits.
import { text } from 'node:stream/consumers'
import type { LakeConfig } from '../config.ts'
import { Lake } from '../lake.ts'
import { sqliteBackend } from '../store/sqliteStorage.ts'
import { prepareFirstStart } from './seedIfEmpty.ts'

const { config, publicOrigin } = JSON.parse(await text(process.stdin)) as {
  config: LakeConfig
  publicOrigin: string
}
const lake = new Lake(config, sqliteBackend(config.dataDir))
lake.publicOrigin = publicOrigin
try {
  await prepareFirstStart(lake)
} finally {
  lake.close()
}
