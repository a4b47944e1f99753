import { defineCliConfig } from 'sanity/cli'
import { studioEnvFromProcess } from './env.ts'

const { projectId, dataset } = studioEnvFromProcess()

export default defineCliConfig({
  api: { projectId, dataset },
  // The Studio must work offline, so it ships its own copy of `sanity` instead of loading it from Sanity's CDN.
  deployment: { autoUpdates: false },
})
