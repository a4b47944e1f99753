import type { Locator, Page } from '@playwright/test'
import { expect, test } from './support/fixtures.ts'
import { portraitPng } from './support/images.ts'
import { getDocument, type LakeDocument, query, uniqueMarker } from './support/lakeApi.ts'
import { runEnv } from './support/runEnv.ts'
import { siteHtml } from './support/siteApi.ts'
import { documentPane, openDeskItem, openDocumentId, publish, screenshot } from './support/studio.ts'

interface Person extends LakeDocument {
  name: string
  slug: { current: string }
  portrait?: {
    alt?: string
    asset?: { _ref: string }
    hotspot?: { x: number; y: number; width: number; height: number }
    crop?: { top: number; bottom: number; left: number; right: number }
  }
}

const name = uniqueMarker('Test Person')
const slug = name.toLowerCase().replace(/\s+/g, '-')
let personId = ''

async function dragBy(page: Page, handle: Locator, dx: number, dy: number): Promise<void> {
  const box = await handle.boundingBox()
  if (!box) throw new Error('handle is not on screen')
  const x = box.x + box.width / 2
  const y = box.y + box.height / 2
  await page.mouse.move(x, y)
  await page.mouse.down()
  await page.mouse.move(x + dx, y + dy, { steps: 10 })
  await page.mouse.up()
}

test.describe.configure({ mode: 'serial' })

test('creates a person with a portrait, a hotspot on the face and a crop, and publishes', async ({
  page,
  openStudio,
}, testInfo) => {
  await openStudio('/structure')
  await openDeskItem(page, 'People')
  await page.getByTestId('action-intent-button').click()
  const pane = documentPane(page)
  await pane.getByTestId('field-name').locator('input').fill(name)
  await pane.getByTestId('field-slug').getByRole('button', { name: 'Generate' }).click()
  await expect(pane.getByTestId('field-slug').locator('input')).toHaveValue(slug)
  personId = openDocumentId(page)

  const portrait = pane.getByTestId('image-input').filter({ has: page.getByTestId('field-portrait.alt') })
  await portrait.getByTestId('file-button-input').setInputFiles({
    name: 'portrait.png',
    mimeType: 'image/png',
    buffer: await portraitPng(),
  })
  await expect(portrait.getByTestId('hotspot-image-input')).toBeVisible({ timeout: 30_000 })
  await screenshot(page, testInfo, 'portrait-uploaded')

  await portrait.getByTestId('options-menu-edit-details').click()
  const editor = page.getByRole('dialog')
  const image = editor.locator('svg[data-handle="crop"]')
  const { height } = (await image.boundingBox()) ?? { height: 0 }
  // Shrink the hotspot to the head, move it up onto the face, then crop the empty bottom away.
  await dragBy(page, editor.locator('[data-handle="hotspotHandle"]'), -height * 0.2, -height * 0.25)
  await dragBy(page, editor.locator('ellipse[data-handle="hotspot"]'), 0, -height * 0.2)
  await dragBy(page, editor.locator('[data-handle="crop-bottom"]'), 0, -height * 0.15)
  await screenshot(page, testInfo, 'hotspot-and-crop')
  await editor.getByRole('button', { name: 'Close dialog' }).click()

  await pane.getByTestId('field-portrait.alt').locator('input').fill('Portrait of the test person')
  await expect
    .poll(async () => (await getDocument<Person>(`drafts.${personId}`))?.portrait?.alt)
    .toBe('Portrait of the test person')
  await publish(page)
  await screenshot(page, testInfo, 'person-published')

  const person = await getDocument<Person>(personId)
  expect(person).toMatchObject({ name, slug: { current: slug } })
  const { asset, hotspot, crop } = person?.portrait ?? {}
  expect(asset?._ref).toMatch(/^image-[0-9a-f]{40}-800x1000-png$/)
  // The face is in the upper part of the picture, and the hotspot is smaller than the whole image.
  expect(hotspot?.y).toBeLessThan(0.45)
  expect(hotspot?.height).toBeLessThan(0.8)
  expect(crop?.bottom).toBeGreaterThan(0.05)
  const assetDocument = await query<{ width: number; height: number } | null>(
    '*[_id == $id][0].metadata.dimensions{width, height}',
    { id: asset?._ref },
  )
  expect(assetDocument).toEqual({ width: 800, height: 1000 })
})

test("the reader site renders the new person's page with the portrait", async () => {
  test.skip(!runEnv.siteUrl, `needs the reader site: ${runEnv.siteSkip}`)
  const person = await getDocument<Person>(personId)
  const assetHash = /^image-([0-9a-f]{40})-/.exec(person?.portrait?.asset?._ref ?? '')?.[1] ?? 'no asset'
  await expect.poll(() => siteHtml(`/people/${slug}`), { timeout: 10_000 }).toContain(name)
  expect(await siteHtml(`/people/${slug}`)).toContain(assetHash)
})

test('three new people in a row: each saves its name and slug, and publishes with one click', async ({
  page,
  openStudio,
}) => {
  // Three documents, each edited and published as an editor would: three times one test's work.
  test.setTimeout(3 * 90_000)
  await openStudio('/structure')
  await openDeskItem(page, 'People')
  for (let round = 1; round <= 3; round++) {
    const someone = uniqueMarker(`In a row ${round}`)
    await page.getByTestId('action-intent-button').click()
    const pane = documentPane(page)
    await pane.getByTestId('field-name').locator('input').fill(someone)
    await pane.getByTestId('field-slug').getByRole('button', { name: 'Generate' }).click()
    const id = openDocumentId(page)
    // Saved as typed: the slug reaches the lake, and the Studio stops saying "Saving…".
    await expect
      .poll(async () => (await getDocument<Person>(`drafts.${id}`))?.slug?.current)
      .toBe(someone.toLowerCase().replace(/\s+/g, '-'))
    await publish(page)
    expect(await getDocument<Person>(id)).toMatchObject({ name: someone })
    expect(await getDocument<Person>(`drafts.${id}`)).toBeUndefined()
  }
})
