import { expect, test } from '@playwright/test'
import { rolesLabel } from '@slideshow/schema/personRoles'
import { people, theStory } from './support/dataset'
import { siteUrl } from './support/lake'

const story = theStory()

for (const person of people) {
  test(`${person.name}'s page lists the slides they appear in`, async ({ page }) => {
    const expected = story.slides
      .map((slide, index) => ({ heading: slide.heading, n: index + 1, people: slide.people ?? [] }))
      .filter((slide) => slide.people.some((ref) => ref._ref === person._id))
    await page.goto(siteUrl(`/people/${person.slug.current}`))
    await expect(page.locator('h1')).toHaveText(person.name)
    // Roles read as the Studio lists them ("Actor"), not as stored ("actor").
    await expect(page.locator('h1 + p.meta')).toContainText(
      rolesLabel(person.roles) ?? 'no roles in the seed',
    )
    await expect(page.getByRole('heading', { level: 3 })).toHaveText(story.title)
    const links = page.locator('ol.appearances a')
    await expect(links).toHaveText(expected.map((slide) => slide.heading))
    for (const [index, slide] of expected.entries()) {
      await expect(links.nth(index)).toHaveAttribute('href', `/stories/${story.slug.current}/${slide.n}`)
    }
  })
}

test('the story names its people and links to their pages', async ({ page }) => {
  await page.goto(siteUrl(`/stories/${story.slug.current}`))
  const byline = page.locator('header .byline a')
  const names = (story.people ?? []).map((ref) => people.find((person) => person._id === ref._ref)?.name)
  await expect(byline).toHaveText(names.filter((name): name is string => Boolean(name)))
  await byline.first().click()
  await expect(page.locator('h1')).toHaveText(names[0] ?? '')
})
