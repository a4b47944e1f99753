import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { expect, test } from '@playwright/test'
import { VIEWER_TOKEN } from './support/constants'
import { publicHtml } from './support/lake'
import { previewSecret, revalidateSecret } from './support/secrets'

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

test('the read token and the secrets appear in no client bundle, pre-rendered page or payload', async () => {
  const secrets = [VIEWER_TOKEN, previewSecret(), revalidateSecret()]
  const files = publicBuildFiles()
  expect(files.length).toBeGreaterThan(50)
  for (const file of files) {
    const text = readFileSync(file, 'utf8')
    for (const secret of secrets) expect(text.includes(secret), file).toBe(false)
  }
  for (const path of ['/', '/stories/alec-baldwin-hilaria-dramatic-news/1', '/feed.xml', '/sitemap.xml']) {
    const html = await publicHtml(path)
    for (const secret of secrets) expect(html).not.toContain(secret)
  }
})

test('no pre-rendered page or payload carries a draft-mode overlay attribute', async () => {
  const rendered = publicBuildFiles().filter((file) => /server\/app\/.*\.(html|rsc)$/.test(file))
  expect(rendered.length).toBeGreaterThan(40)
  for (const file of rendered) expect(readFileSync(file, 'utf8').includes('data-sanity'), file).toBe(false)
})
