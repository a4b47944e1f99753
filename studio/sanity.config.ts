import { visionTool } from '@sanity/vision'
import { schemaTypes } from '@slideshow/schema'
import { defineConfig } from 'sanity'
import { structureTool } from 'sanity/structure'
import { studioEnvFromProcess } from './env.ts'
import { signOutClientFactory } from './lake/signOutClient.ts'
import { inStudioBrowser, waitForLake } from './lake/waitForLake.ts'
import { presentation } from './presentation/index.ts'
import { siteUrlFromProcess } from './presentation/previewUrl.ts'
import { structure } from './structure/index.ts'

const env = studioEnvFromProcess()

// On the lake, the Studio starts once the lake answers: an untrusted certificate gets a screen that
// names the fix. Top-level await, because the CLI's entry renders the Studio as soon as this module loads.
const { apiHost } = env.workspaceOverrides
if (apiHost && inStudioBrowser()) await waitForLake(apiHost)

export default defineConfig({
  name: 'default',
  title: 'Slideshow stories',
  projectId: env.projectId,
  dataset: env.dataset,
  ...env.workspaceOverrides,
  // On the lake, signing out must reach it even right after signing in (see signOutClient.ts).
  ...(env.onLake ? { unstable_clientFactory: signOutClientFactory(env.projectId) } : {}),
  plugins: [
    structureTool({ structure }),
    presentation(siteUrlFromProcess()),
    // GROQ against whichever content source the workspace uses: the lake or the hosted project.
    visionTool({ defaultApiVersion: '2025-02-19' }),
  ],
  schema: { types: schemaTypes },
})
