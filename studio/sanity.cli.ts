import { defineCliConfig } from 'sanity/cli'
import { studioEnvFromProcess } from './env.ts'
import { offlineStudioPlugin } from './lake/offlinePlugin.ts'

const { projectId, dataset, onLake } = studioEnvFromProcess()

export default defineCliConfig({
  api: { projectId, dataset },
  // The Studio must work offline, so it ships its own copy of `sanity` instead of loading it from Sanity's CDN.
  deployment: { autoUpdates: false },
  // On the lake the browser talks to this machine only; a hosted project keeps the Studio as Sanity ships it.
  ...(onLake ? { vite: { plugins: [offlineStudioPlugin()] } } : {}),
})
