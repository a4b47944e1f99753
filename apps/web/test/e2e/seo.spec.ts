import { expect, test } from '@playwright/test'
import { escapeHTML } from '@portabletext/to-html'
import { people, theStory } from './support/dataset'
import { publicHtml, siteUrl } from './support/lake'

const story = theStory()
const slug = story.slug.current

test('the story has titles, description, canonical URL, Open Graph and Twitter cards', async ({ page }) => {
  await page.goto(siteUrl(`/stories/${slug}`))
  await expect(page).toHaveTitle(`${story.title} · Slideshow Stories`)
  const meta = (selector: string) => page.locator(`meta[${selector}]`)
  await expect(page.locator('link[rel="canonical"]')).toHaveAttribute('href', siteUrl(`/stories/${slug}`))
  await expect(meta('name="description"')).toHaveAttribute('content', /\S/)
  await expect(meta('property="og:type"')).toHaveAttribute('content', 'article')
  await expect(meta('property="og:title"')).toHaveAttribute('content', story.title)
  await expect(meta('property="og:image:width"')).toHaveAttribute('content', '1200')
  await expect(meta('property="og:image:height"')).toHaveAttribute('content', '630')
  const image = await meta('property="og:image"').getAttribute('content')
  expect(Object.fromEntries(new URL(image ?? '').searchParams)).toMatchObject({
    w: '1200',
    h: '630',
    fm: 'jpg',
  })
  await expect(meta('name="twitter:card"')).toHaveAttribute('content', 'summary_large_image')
  await expect(meta('name="twitter:image"')).toHaveAttribute('content', image ?? '')
})

test('the story carries NewsArticle structured data about its people', async ({ page }) => {
  await page.goto(siteUrl(`/stories/${slug}`))
  const json = JSON.parse((await page.locator('script[type="application/ld+json"]').textContent()) ?? '{}')
  expect(json).toMatchObject({
    '@context': 'https://schema.org',
    '@type': 'NewsArticle',
    headline: story.title,
    datePublished: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    image: [expect.objectContaining({ '@type': 'ImageObject', width: 1200, height: 630 })],
  })
  // The photo credit travels with the image when the hero has one.
  expect(json.image[0].creditText).toBe(story.heroImage?.credit)
  const names = (story.people ?? []).map((ref) => people.find((person) => person._id === ref._ref)?.name)
  expect(
    json.about.map((person: { '@type': string; name: string }) => [person['@type'], person.name]),
  ).toEqual(names.map((name) => ['Person', name]))
})

test('sitemap.xml lists the home page, the story and every person, but not slide pages', async () => {
  const xml = await publicHtml('/sitemap.xml')
  const locs = [...xml.matchAll(/<loc>([^<]+)<\/loc>/g)].map((match) => match[1])
  expect(locs).toEqual(
    expect.arrayContaining([
      siteUrl('/'),
      siteUrl(`/stories/${slug}`),
      ...people.map((person) => siteUrl(`/people/${person.slug.current}`)),
    ]),
  )
  expect(locs.some((loc) => /\/stories\/[^/]+\/\d+$/.test(loc ?? ''))).toBe(false)
})

test('robots.txt allows the site, keeps crawlers out of the API and names the sitemap', async () => {
  const robots = await publicHtml('/robots.txt')
  expect(robots).toContain('Disallow: /api/')
  expect(robots).toContain(`Sitemap: ${siteUrl('/sitemap.xml')}`)
})

test('feed.xml is RSS 2.0 with the full story', async () => {
  const response = await fetch(siteUrl('/feed.xml'))
  expect(response.headers.get('content-type')).toContain('application/rss+xml')
  const xml = await response.text()
  expect(xml).toContain('<rss version="2.0"')
  expect(xml).toContain(`<link>${siteUrl(`/stories/${slug}`)}</link>`)
  const content = /<content:encoded><!\[CDATA\[([\s\S]*?)\]\]><\/content:encoded>/.exec(xml)?.[1] ?? ''
  for (const slide of story.slides) {
    expect(content).toContain(`<h2>${escapeHTML(slide.heading)}</h2>`)
    if (slide.credit) expect(content).toContain(`<figcaption>${escapeHTML(slide.credit)}</figcaption>`)
  }
})
