import { stat } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { notFound } from '../errors.ts'
import { type RequestContext, sendJson } from './context.ts'
import { sendStoredFile } from './files.ts'

/*
 * What every Studio's page loads from Sanity's static hosts, which `lake browser` maps to the
 * lake (exec/sanityHosts.ts, `studioStatic`), answered with local stand-ins so a Studio nobody
 * here built loads nothing from off the machine and logs no error. Our own Studio leaves these
 * out of its page instead (studio/lake/offlinePlugin.ts); an app's Studio cannot be rebuilt
 * that way without changing the app, so here the answer moves to the network.
 */

const BRIDGE = `// Sanity's dashboard bridge: a Studio on the local lake is not embedded in Sanity's dashboard.\n`

/** `https://core.sanity-cdn.com/bridge.js`: the CLI puts it in every Studio's index.html; here it does nothing. */
export function handleBridgeScript(context: RequestContext): void {
  context.res.writeHead(200, {
    'content-type': 'text/javascript; charset=utf-8',
    'content-length': Buffer.byteLength(BRIDGE),
    'cache-control': 'public, max-age=3600',
  })
  context.res.end(BRIDGE)
}

// The CLI's page: `studio-static.sanity.io/Inter-<Weight>[Italic].woff2`.
const STATIC_FONT =
  /^Inter-(?:Thin|ExtraLight|Light|Regular|Medium|SemiBold|Bold|ExtraBold|Black|(?=Italic))(Italic)?\.woff2$/
// @sanity/ui's stylesheet: `design-system-static.sanity.io/InterVariable[-Italic]-<subset>-<date>.woff2`.
const VARIABLE_FONT =
  /^InterVariable(-Italic)?-(latin|latin-ext|cyrillic|cyrillic-ext|greek|greek-ext|vietnamese)-\d+\.woff2$/
const fonts = createRequire(import.meta.url)

/** Which of the shipped Inter files a font URL asks for, if it is one. */
function interFile(name: string): string | undefined {
  const fixed = STATIC_FONT.exec(name)
  if (fixed) return `inter-latin-wght-${fixed[1] ? 'italic' : 'normal'}.woff2`
  const variable = VARIABLE_FONT.exec(name)
  if (variable) return `inter-${variable[2]}-wght-${variable[1] ? 'italic' : 'normal'}.woff2`
  return undefined
}

/**
 * The Studio's font, Inter, from the copy the lake ships (@fontsource-variable/inter, a variable
 * font: one file serves every weight the Studio's `@font-face` rules ask for).
 */
export async function handleStudioFont(context: RequestContext): Promise<void> {
  const file = interFile(context.params.file ?? '')
  if (!file) throw notFound('Font not found')
  const path = fonts.resolve(`@fontsource-variable/inter/files/${file}`)
  const { size } = await stat(path)
  await sendStoredFile(
    context,
    { etag: `"${file}"`, contentType: 'font/woff2', variesByAccept: false, download: undefined },
    async () => ({ path, size, origin: 'original' }),
  )
}

/**
 * `https://sanity-cdn.com/v1/modules/…/^<version>/…`: the Studio's check for a newer version.
 * The answer names the version the Studio asked about as the latest, so it shows no update
 * notice (there is nothing to update from offline). The Studio's own code is not served here:
 * a Studio built with `deployment.autoUpdates: true` loads it from this host, so build it with
 * `sanity build --no-auto-updates` to run it offline.
 */
export function handleVersionCheck(context: RequestContext): void {
  const wanted = (context.params.rest ?? '').split('/').find((part) => part.startsWith('^'))
  const version = wanted?.slice(1)
  if (!version || !/^\d+\.\d+\.\d+(?:[-+][\w.-]+)?$/.test(version)) throw notFound('Module not found')
  sendJson(context.res, 200, { latest: version, packageVersion: version })
}
