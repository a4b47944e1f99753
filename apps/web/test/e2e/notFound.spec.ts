import { expect, test } from '@playwright/test'
import { theStory } from './support/dataset'
import { siteUrl } from './support/lake'

const slug = theStory().slug.current

for (const path of [
  '/stories/no-such-story',
  '/stories/no-such-story/1',
  `/stories/${slug}/44`,
  `/stories/${slug}/0`,
  `/stories/${slug}/01`,
  `/stories/${slug}/two`,
  '/people/no-such-person',
]) {
  test(`${path} is a 404 page`, async ({ page }) => {
    const response = await page.goto(siteUrl(path))
    expect(response?.status()).toBe(404)
    await expect(page.locator('h1')).toHaveText('Page not found')
    await expect(page).toHaveTitle('Page not found · Slideshow Stories')
    await expect(page.getByRole('link', { name: 'Back to all stories' })).toBeVisible()
  })
}
