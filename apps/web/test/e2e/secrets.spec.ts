import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { expect, test } from '@playwright/test'
import { PREVIEW_SECRET, VIEWER_TOKEN } from './support/constants'
import { publicHtml } from './support/lake'

const BUILD_DIR = join(import.meta.dirname, '../../.next')

/** Every file of the build that reaches browsers: client bundles and pre-rendered pages and payloads. */
function publicBuildFiles(): string[] {
  const files: string[] = []
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir)) {
      const path = join(dir, entry)
      if (statSync(path).isDirectory()) walk(path)
      else if (/\.(js|css|html|rsc|body|json|txt|xml|meta)$/.test(entry)) files.push(path)
    }
  }
  walk(join(BUILD_DIR, 'static'))
  walk(join(BUILD_DIR, 'server', 'app'))
  return files
}

test('the read token and the preview secret appear in no client bundle, pre-rendered page or payload', async () => {
  const files = publicBuildFiles()
  expect(files.length).toBeGreaterThan(50)
  for (const file of files) {
    const text = readFileSync(file, 'utf8')
    expect(text.includes(VIEWER_TOKEN), file).toBe(false)
    expect(text.includes(PREVIEW_SECRET), file).toBe(false)
  }
  for (const path of ['/', '/stories/alec-baldwin-hilaria-dramatic-news/1', '/feed.xml', '/sitemap.xml']) {
    const html = await publicHtml(path)
    expect(html).not.toContain(VIEWER_TOKEN)
    expect(html).not.toContain(PREVIEW_SECRET)
  }
})
