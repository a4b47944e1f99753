import { fileURLToPath } from 'node:url'
import { resolveSanityEnv } from '@slideshow/sanity/env'
import type { NextConfig } from 'next'
import { PHASE_PRODUCTION_BUILD } from 'next/constants'
import { sharedCacheConfig } from './lib/cache/config'
import { checkContentSource } from './lib/sanity/checkContentSource'

const sanity = resolveSanityEnv(process.env)

/**
 * On the lake, pages point at images by path (`/images/...`, `/files/...`) and the site forwards
 * them to the lake's HTTP port, so whoever can load a page can load its images (a phone on the
 * LAN, readers of a self-hosted site) and the cache tier in deploy/ keeps them with the lake's
 * own `Cache-Control`. Hosted projects use Sanity's CDN and need none of this. Like every
 * rewrite, the target is fixed when `next build` runs.
 */
async function lakeAssetRewrites() {
  if (!sanity.onLake) return []
  return ['images', 'files'].map((kind) => ({
    source: `/${kind}/:path*`,
    destination: `${sanity.apiHost}/${kind}/:path*`,
  }))
}

const config: NextConfig = {
  // @slideshow/sanity and @slideshow/schema ship TypeScript source, shared with the lake and the Studio.
  transpilePackages: ['@slideshow/sanity', '@slideshow/schema'],
  poweredByHeader: false,
  // `next dev`'s badge sits bottom-left by default, over the slideshow's "← Intro" control on phones.
  devIndicators: { position: 'top-right' },
  // Test suites that build the site beside a running one (the Studio's e2e) use their own output dir.
  distDir: process.env.NEXT_DIST_DIR || '.next',
  images: {
    // Sanity's image API (or the lake's) renders the variants; Next only writes the srcset.
    loader: 'custom',
    loaderFile: './lib/sanity/imageLoader.ts',
    // Story photos are at most 1600px wide at the source: wider variants would only upscale.
    deviceSizes: [640, 750, 828, 1080, 1200, 1600],
  },
  rewrites: lakeAssetRewrites,
}

/**
 * `next build` renders every story, slide and person from the content source; when it cannot
 * be reached, say so in one line before the build starts instead of failing with a stack trace
 * in the middle of it.
 */
export default async function nextConfig(phase: string): Promise<NextConfig> {
  // `next typegen` loads the config in the build phase too, but reads no content.
  const building = phase === PHASE_PRODUCTION_BUILD && process.argv.slice(2).includes('build')
  if (building) await checkContentSource()
  // Several instances: the ISR and data cache in Redis when REDIS_URL is set (lib/cache/).
  return {
    ...config,
    ...sharedCacheConfig(phase, fileURLToPath(new URL('./lib/cache/handler.ts', import.meta.url))),
  }
}
