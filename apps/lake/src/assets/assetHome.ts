/**
 * Where an asset document says its bytes live: the project in its `path`
 * (`images/<projectId>/<dataset>/<file>`) and the origin its `url` starts with.
 *
 * Uploaded through the lake's own names, that is the lake (`local`, its HTTPS origin). Uploaded
 * through Sanity's names (`lake exec`: an app's client or CLI calling `<projectId>.api.sanity.io`),
 * it is what hosted writes, `https://cdn.sanity.io/images/<projectId>/<dataset>/<file>`: the app
 * that prints `url` (an og:image) reaches the lake for it wherever `lake exec` or `lake browser`
 * maps Sanity's names, and an export carries hosted's own URL, so it imports into a hosted
 * project unchanged.
 */
export interface AssetHome {
  projectId: string
  origin: string
}

export const SANITY_ASSET_CDN = 'https://cdn.sanity.io'

export function assetUrl(home: AssetHome, path: string): string {
  return `${home.origin}/${path}`
}
