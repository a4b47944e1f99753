import type { Page, Request } from '@playwright/test'
import { expect, test } from './support/fixtures.ts'
import { query } from './support/lakeApi.ts'
import { screenshot } from './support/studio.ts'

/*
 * The Studio's global search on the lake with its default strategy (groq2024): every search is
 * a `text::query` the lake evaluates. The seeded Baldwin story and its people are the data.
 */

interface Seeded {
  title: string
  heading: string
  person: string
}

async function seeded(): Promise<Seeded> {
  const story = await query<{ title: string; headings: string[]; people: string[] }>(
    '*[_type == "article" && _id == "article-alec-baldwin-hilaria"][0]{title, "headings": slides[].heading, "people": people[]->name}',
  )
  const heading = story.headings.find((candidate) => candidate === 'Smooth Talker')
  const person = story.people.find((name) => name === 'Kim Basinger')
  if (!heading || !person)
    throw new Error('the seeded story no longer has the slide and person this test searches for')
  return { title: story.title, heading, person }
}

/** Types into the navbar search and waits for the lake to answer the search it sends. */
async function search(page: Page, text: string): Promise<Request> {
  const input = page.getByPlaceholder('Search', { exact: true })
  if (!(await input.isVisible())) await page.getByTestId('studio-search').click()
  const sent = page.waitForRequest((request) => searchText(request).includes('text::query'))
  await input.fill(text)
  const request = await sent
  expect((await request.response())?.status(), 'the lake answers the search').toBe(200)
  return request
}

/** The GROQ of a query request, sent as GET (`?query=`) or POST (`{query}`). */
function searchText(request: Request): string {
  const url = new URL(request.url())
  if (!url.pathname.includes('/data/query/')) return ''
  const body = request.postData()
  return (
    url.searchParams.get('query') ?? (body ? String((JSON.parse(body) as { query?: unknown }).query) : '')
  )
}

test('the global search finds the story by part of a slide heading, with the default strategy', async ({
  page,
  openStudio,
}, testInfo) => {
  const { title, heading } = await seeded()
  await openStudio('/structure')
  // "Smooth Talk" of "Smooth Talker": only the slide heading has it, and only as a prefix.
  const request = await search(page, heading.slice(0, -2))
  expect(searchText(request), 'the groq2024 strategy, not groqLegacy').toContain(
    'match text::query($__query)',
  )
  const results = page.getByTestId('search-results')
  await expect(results.getByText(title)).toBeVisible()
  await screenshot(page, testInfo, 'story-found-by-slide-heading')
})

test('the global search finds a person by part of their name', async ({ page, openStudio }, testInfo) => {
  const { person } = await seeded()
  await openStudio('/structure')
  await search(page, person.split(' ')[1]?.slice(0, 5) ?? '')
  const results = page.getByTestId('search-results')
  await expect(results.getByText(person, { exact: true })).toBeVisible()
  // A word none of the documents has finds nothing.
  await search(page, 'Zqxjvbnonexistent')
  await expect(results.getByText(person, { exact: true })).toHaveCount(0)
  await screenshot(page, testInfo, 'person-found-by-part-of-name')
})
