import { expect, test } from './support/fixtures.ts'
import { getDocument, type LakeDocument, mutate, uniqueMarker } from './support/lakeApi.ts'
import { runEnv } from './support/runEnv.ts'
import { siteHtml } from './support/siteApi.ts'
import { documentPane, footer, screenshot } from './support/studio.ts'

const title = uniqueMarker('A story to unpublish')
const slug = title.toLowerCase().replace(/\s+/g, '-')
const id = `studio-e2e-${slug.replace(/[^a-z0-9-]/g, '')}`

/** Where a published story is listed for readers: the home page, the sitemap and the feed. */
const LISTINGS = ['/', '/sitemap.xml', '/feed.xml']

async function listedOnSite(): Promise<boolean[]> {
  return Promise.all(LISTINGS.map(async (path) => (await siteHtml(path)).includes(slug)))
}

test.describe.configure({ mode: 'serial' })

test.beforeAll(async () => {
  await mutate([
    {
      create: {
        _id: id,
        _type: 'article',
        title,
        slug: { _type: 'slug', current: slug },
        publishedAt: new Date().toISOString(),
        slides: [{ _key: 'only', _type: 'slide', heading: 'The only slide' }],
      },
    },
  ])
})

test('the reader site lists a newly published story on the home page, in the sitemap and the feed', async () => {
  test.skip(!runEnv.siteUrl, `needs the reader site: ${runEnv.siteSkip}`)
  await expect.poll(listedOnSite, { timeout: 10_000 }).toEqual([true, true, true])
})

test('unpublishing a story in the Studio takes it out of the published dataset and keeps a draft', async ({
  page,
  openStudio,
}, testInfo) => {
  await openStudio(`/structure/stories;${id}`)
  await expect(documentPane(page).getByTestId('document-panel-document-title')).toHaveText(title)
  // Unpublishing is the published version's primary action.
  await documentPane(page).getByTestId('document-header-Published-chip').click()
  await footer(page).getByRole('button', { name: 'Unpublish' }).click()
  await screenshot(page, testInfo, 'unpublish-confirm')
  await page
    .getByRole('dialog')
    .getByRole('button', { name: /^Unpublish/ })
    .click()
  await expect.poll(async () => getDocument(id)).toBeUndefined()
  expect((await getDocument<LakeDocument & { title: string }>(`drafts.${id}`))?.title).toBe(title)
  await documentPane(page).getByTestId('document-header-Draft-chip').click()
  await expect(footer(page).getByTestId('action-publish')).toBeEnabled()
  await screenshot(page, testInfo, 'unpublished')
})

test('the reader site drops the unpublished story from the home page, the sitemap and the feed', async () => {
  test.skip(!runEnv.siteUrl, `needs the reader site: ${runEnv.siteSkip}`)
  await expect.poll(listedOnSite, { timeout: 10_000 }).toEqual([false, false, false])
})

test('unpublishing a person shown in a story warns that the story refers to them, and the lake refuses it as hosted does', async ({
  page,
  openStudio,
  consoleProblems,
}, testInfo) => {
  const name = uniqueMarker('Person in a story')
  const personId = `studio-e2e-person-${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`
  const storyTitle = uniqueMarker('A story that shows them')
  const storySlug = storyTitle.toLowerCase().replace(/[^a-z0-9]+/g, '-')
  await mutate([
    { create: { _id: personId, _type: 'person', name, slug: { _type: 'slug', current: personId } } },
    {
      create: {
        _id: `studio-e2e-story-${storySlug}`,
        _type: 'article',
        title: storyTitle,
        slug: { _type: 'slug', current: storySlug },
        slides: [{ _key: 'only', _type: 'slide', heading: 'Their slide' }],
        people: [{ _key: 'them', _type: 'reference', _ref: personId }],
      },
    },
  ])
  await openStudio(`/structure/people;${personId}`)
  await expect(documentPane(page).getByTestId('document-panel-document-title')).toHaveText(name)
  await documentPane(page).getByTestId('document-header-Published-chip').click()
  await footer(page).getByRole('button', { name: 'Unpublish' }).click()
  const dialog = page.getByRole('dialog', { name: 'Unpublish document?' })
  await expect(dialog).toContainText(`1 document refers to “${name}”`)
  await expect(dialog.getByText(storyTitle)).toBeVisible()
  await screenshot(page, testInfo, 'unpublish-person-warning')
  await dialog.getByRole('button', { name: 'Unpublish anyway' }).click()
  // Hosted refuses to unpublish a document a published one strongly refers to (a 409
  // `documentHasExistingReferencesError`), and so does the lake: the Studio says so in a toast.
  await expect(
    page.getByText(
      'An error occurred while attempting to unpublish this document. This usually means that there are other documents that refers to it.',
    ),
  ).toBeVisible()
  await screenshot(page, testInfo, 'unpublish-person-refused')
  // The browser logs the refused request; it is this test's point, so exactly it is excused.
  const refused = (problem: { text: string; url: string }) =>
    problem.text.includes('status of 409') && problem.url.includes('tag=sanity.studio.document.unpublish')
  expect(consoleProblems.filter(refused)).toHaveLength(1)
  consoleProblems.splice(0, consoleProblems.length, ...consoleProblems.filter((problem) => !refused(problem)))
  expect(await getDocument(personId)).toMatchObject({ _id: personId, name })
  expect(await getDocument(`drafts.${personId}`)).toBeUndefined()
})
