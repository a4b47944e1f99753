import { expect, test } from '@playwright/test'
import { SILENT_ID_PREFIX } from './support/constants'
import { people, theStory } from './support/dataset'
import { getDocument, mutate, postWebhook, publicHtml, siteUrl, uniqueMarker } from './support/lake'
import { outputMark, rendersSince } from './support/renders'

const story = theStory()
const slug = story.slug.current

async function headingOnPage(path: string): Promise<string | null> {
  const html = await publicHtml(path)
  return /<h1 id="slide-heading">([^<]*)<\/h1>/.exec(html)?.[1] ?? null
}

test.describe.configure({ mode: 'serial' })

test('a heading changed in the lake is on the site after the webhook, with no rebuild', async ({ page }) => {
  const n = 5
  const key = story.slides[n - 1]?._key
  const original = story.slides[n - 1]?.heading
  const changed = uniqueMarker('Published change')
  expect(await headingOnPage(`/stories/${slug}/${n}`)).toBe(original)

  // Publishing goes through the lake's API; the lake then calls the site's webhook by itself.
  await mutate([{ patch: { id: story._id, set: { [`slides[_key=="${key}"].heading`]: changed } } }])
  await expect.poll(() => headingOnPage(`/stories/${slug}/${n}`), { timeout: 20_000 }).toBe(changed)
  await page.goto(siteUrl(`/stories/${slug}`))
  await expect(page.locator(`#slide-${n} h2`)).toHaveText(changed)
  // Person pages list slide headings, so they are among the lists the change refreshes.
  const person = people.find((candidate) => candidate._id === story.slides[n - 1]?.people?.[0]?._ref)
  await page.goto(siteUrl(`/people/${person?.slug.current}`))
  await expect(page.locator('ol.appearances')).toContainText(changed)

  await mutate([{ patch: { id: story._id, set: { [`slides[_key=="${key}"].heading`]: original } } }])
  await expect.poll(() => headingOnPage(`/stories/${slug}/${n}`), { timeout: 20_000 }).toBe(original)
})

test('a publish that arrives while the pages of the one before are rendering leaves them on the later one', async () => {
  const n = 6
  const key = story.slides[n - 1]?._key
  const original = story.slides[n - 1]?.heading
  const setHeading = (heading: string | undefined) =>
    mutate([{ patch: { id: story._id, set: { [`slides[_key=="${key}"].heading`]: heading } } }])
  const first = uniqueMarker('First of two')
  const second = uniqueMarker('Second of two')
  const mark = outputMark()
  await setHeading(first)
  // The story page (forty slides) has begun rendering the first publish when the second lands.
  await expect.poll(() => rendersSince(mark).includes(`/stories/${slug}`), { timeout: 20_000 }).toBe(true)
  await setHeading(second)
  await expect
    .poll(async () => (await publicHtml(`/stories/${slug}`)).includes(second), { timeout: 20_000 })
    .toBe(true)
  expect(await headingOnPage(`/stories/${slug}/${n}`)).toBe(second)
  await setHeading(original)
  await expect.poll(() => headingOnPage(`/stories/${slug}/${n}`), { timeout: 20_000 }).toBe(original)
})

test('renaming a person in the lake refreshes their page and the stories that name them', async ({
  page,
}) => {
  const person = people[0]
  if (!person) throw new Error('No person in the dataset')
  const renamed = uniqueMarker('Renamed person')
  await mutate([{ patch: { id: person._id, set: { name: renamed } } }])
  await expect
    .poll(() => publicHtml(`/people/${person.slug.current}`), { timeout: 20_000 })
    .toContain(renamed)
  await page.goto(siteUrl(`/stories/${slug}`))
  await expect(page.locator('header .byline')).toContainText(renamed)

  await mutate([{ patch: { id: person._id, set: { name: person.name } } }])
  await expect.poll(() => publicHtml(`/stories/${slug}`), { timeout: 20_000 }).not.toContain(renamed)
})

test('a forged or unsigned webhook refreshes nothing; a signed one refreshes the story', async () => {
  // A story the lake does not announce, so only the requests below can refresh the site.
  const id = `${SILENT_ID_PREFIX}${uniqueMarker('story')}`
  const silentSlug = id
  const first = uniqueMarker('First title')
  const second = uniqueMarker('Second title')
  const seed = story.slides[0]
  await mutate([
    {
      create: {
        _id: id,
        _type: 'article',
        title: first,
        slug: { _type: 'slug', current: silentSlug },
        publishedAt: '2001-01-01T00:00:00Z',
        slides: [{ ...seed, _key: 'only' }],
      },
    },
  ])
  expect(await publicHtml(`/stories/${silentSlug}`)).toContain(first)
  await mutate([{ patch: { id, set: { title: second } } }])
  expect((await getDocument<{ title: string }>(id))?.title).toBe(second)

  const change = { _id: id, _type: 'article', slug: silentSlug, operation: 'update' }
  const forged = await postWebhook(change, { secret: 'not-the-secret' })
  expect(forged.status).toBe(401)
  const garbage = await postWebhook(change, { signature: 't=1,v1=bm9wZQ' })
  expect(garbage.status).toBe(401)
  const unsigned = await postWebhook(change, { signature: null })
  expect(unsigned.status).toBe(401)
  // A correctly signed delivery replayed later: the signature is valid, the timestamp is not.
  const replayed = await postWebhook(change, { timestamp: Date.now() - 10 * 60 * 1000 })
  expect(replayed.status).toBe(401)
  const html = await publicHtml(`/stories/${silentSlug}`)
  expect(html).toContain(first)
  expect(html).not.toContain(second)

  const signed = await postWebhook(change)
  expect(signed.status).toBe(200)
  expect(await signed.json()).toMatchObject({
    tags: expect.arrayContaining([`story:${silentSlug}`, 'stories']),
  })
  await expect.poll(() => publicHtml(`/stories/${silentSlug}`)).toContain(second)

  await mutate([{ delete: { id } }])
})

test('a body that is not JSON is refused like a forged one', async () => {
  const notJson = await fetch(siteUrl('/api/revalidate'), {
    method: 'POST',
    headers: { 'sanity-webhook-signature': `t=${Date.now()},v1=bm9wZQ` },
    body: 'not json',
  })
  expect(notJson.status).toBe(401)
})
