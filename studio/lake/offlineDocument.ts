import { hostedFetchGuardScript } from './hostedFetchGuard.ts'
import { mentionsSanityUrl, SANITY_HOSTNAME } from './sanityHosts.ts'

// The CLI adds `<script src="https://core.sanity-cdn.com/bridge.js" data-sanity-core>` to every
// Studio's index.html. It connects a Studio embedded in Sanity's hosted dashboard; a local Studio has none.
const BRIDGE_SCRIPT = /<script\b[^>]*\bdata-sanity-core\b[^>]*><\/script>\s*/gi

// `@font-face` has no nested blocks, so its body ends at the first `}`.
const FONT_FACE = /@font-face\s*\{[^}]*\}/gi

export function withoutBridgeScript(html: string): string {
  return html.replace(BRIDGE_SCRIPT, '')
}

/**
 * Drops the `@font-face` rules that load Inter from Sanity's static hosts (the CLI's document and
 * @sanity/ui's stylesheet both declare them). The Studio's font stack then falls through to the
 * system UI font, as it does whenever those hosts cannot be reached.
 */
export function withoutHostedFontFaces(css: string): string {
  return css.replace(FONT_FACE, (rule) => (mentionsSanityUrl(rule) ? '' : rule))
}

/** The Studio's index.html as the local lake serves it: nothing in it reaches for Sanity's hosts. */
export function offlineIndexHtml(html: string): string {
  const guard = hostedFetchGuardScript(SANITY_HOSTNAME.source)
  // Module scripts run after the document is parsed, so a classic script anywhere in <head> runs first.
  return withoutHostedFontFaces(withoutBridgeScript(html)).replace(/<\/head>/i, (end) => `${guard}${end}`)
}
