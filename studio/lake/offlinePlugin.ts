import type { Plugin } from 'vite'
import { offlineIndexHtml, withoutHostedFontFaces } from './offlineDocument.ts'
import { mentionsSanityUrl } from './sanityHosts.ts'

/**
 * Keeps the Studio on the machine when it runs against the lake: index.html without the bridge
 * script, hosted fonts or unguarded fetches (see offlineDocument.ts), stylesheets without hosted
 * fonts. `sanity dev` serves index.html through `transformIndexHtml`; `sanity build` emits it as
 * an asset at the end of the bundle, so it is rewritten there.
 */
export function offlineStudioPlugin(): Plugin {
  return {
    name: 'slideshow:offline-studio',
    transform(code, id) {
      if (!/\.css(?:$|\?)/.test(id) || !mentionsSanityUrl(code)) return undefined
      return { code: withoutHostedFontFaces(code), map: null }
    },
    transformIndexHtml: offlineIndexHtml,
    generateBundle: {
      order: 'post',
      handler(_options, bundle) {
        const index = bundle['index.html']
        if (index?.type !== 'asset') return
        const html = typeof index.source === 'string' ? index.source : new TextDecoder().decode(index.source)
        index.source = offlineIndexHtml(html)
      },
    },
  }
}
