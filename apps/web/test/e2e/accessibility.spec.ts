import AxeBuilder from '@axe-core/playwright'
import { expect, test } from '@playwright/test'
import { people, theStory } from './support/dataset'
import { siteUrl } from './support/lake'

const slug = theStory().slug.current
const pages = {
  home: '/',
  story: `/stories/${slug}`,
  slide: `/stories/${slug}/1`,
  'slide without credit': `/stories/${slug}/29`,
  person: `/people/${people[0]?.slug.current}`,
  'not found': '/stories/no-such-story',
}

for (const scheme of ['light', 'dark'] as const) {
  for (const [name, path] of Object.entries(pages)) {
    test(`axe finds no serious or critical violations on the ${name} page (${scheme})`, async ({ page }) => {
      await page.emulateMedia({ colorScheme: scheme })
      await page.goto(siteUrl(path))
      const results = await new AxeBuilder({ page })
        .withTags(['wcag2a', 'wcag2aa', 'wcag21aa', 'best-practice'])
        .analyze()
      const blocking = results.violations
        .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
        .map(
          (violation) =>
            `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`,
        )
      expect(blocking).toEqual([])
    })
  }
}

test('the slideshow is usable with the keyboard alone, with a visible focus ring', async ({ page }) => {
  await page.goto(siteUrl(`/stories/${slug}/2`))
  await page.keyboard.press('Tab')
  await expect(page.getByRole('link', { name: 'Skip to content' })).toBeFocused()
  const next = page.getByRole('link', { name: 'Next', exact: true })
  await next.focus()
  const outline = await next.evaluate((element) => getComputedStyle(element).outlineStyle)
  expect(outline).toBe('solid')
  await page.keyboard.press('Enter')
  await expect(page).toHaveURL(siteUrl(`/stories/${slug}/3`))
})
