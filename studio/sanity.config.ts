import { schemaTypes } from '@slideshow/schema'
import { defineConfig } from 'sanity'
import { structureTool } from 'sanity/structure'
import { studioEnvFromProcess } from './env.ts'
import { structure } from './structure/index.ts'

const env = studioEnvFromProcess()

export default defineConfig({
  name: 'default',
  title: 'Slideshow stories',
  projectId: env.projectId,
  dataset: env.dataset,
  ...env.workspaceOverrides,
  plugins: [structureTool({ structure })],
  schema: { types: schemaTypes },
})
