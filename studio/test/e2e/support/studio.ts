import { expect, type Locator, type Page, type TestInfo } from '@playwright/test'

/*
 * What an editor does in the Studio, in the Studio's own terms. Selectors are the Studio's
 * `data-testid`s and visible labels, the contract its own end-to-end tests rely on.
 */

const shotsTaken = new WeakMap<TestInfo, number>()

/** Saves a screenshot of this step in the test's artifacts folder, numbered in the order taken. */
export async function screenshot(page: Page, testInfo: TestInfo, step: string): Promise<void> {
  const shot = (shotsTaken.get(testInfo) ?? 0) + 1
  shotsTaken.set(testInfo, shot)
  const path = testInfo.outputPath(`${String(shot).padStart(2, '0')}-${step}.png`)
  await page.screenshot({ path })
}

/**
 * Waits for the Studio's tasks layer. It mounts once `/features` has answered, and mounting it
 * renders the Studio anew, closing any menu or popover opened before; its navbar button is the sign.
 */
export async function studioSettled(page: Page): Promise<void> {
  await expect(page.getByTestId('tasks-toolbar')).toBeVisible({ timeout: 30_000 })
}

export function documentPane(page: Page): Locator {
  return page.getByTestId('document-pane')
}

/** The id of the document open in the Studio: its structure URL ends in `;<id>` plus `,<pane params>`. */
export function openDocumentId(page: Page): string {
  const id = /;([^;,/]+)(?:,[^;/]*)?$/.exec(decodeURIComponent(new URL(page.url()).pathname))?.[1]
  if (!id) throw new Error(`no document open at ${page.url()}`)
  return id
}

/** Opens a desk list item such as "Stories" and waits for the pane it opens. */
export async function openDeskItem(page: Page, title: string): Promise<void> {
  const panes = page.getByTestId('pane-header')
  const before = await panes.count()
  await page.getByTestId(`pane-item-${title}`).click()
  await expect(panes).toHaveCount(before + 1)
}

/**
 * Scrolls the open document's form with the mouse wheel until `target` is rendered (long arrays
 * render lazily), then does `action` on it, if given, in the same try.
 */
export async function scrollFormTo(
  page: Page,
  target: Locator,
  action?: (target: Locator) => Promise<void>,
): Promise<void> {
  // A document just added to a release is shown anew once its version arrives: the form is back
  // at its top, and the rows rendered are only those near the top (and a dialog opened is closed). A
  // row found before that is gone, and Playwright's own scrolling cannot bring it back (its click
  // waits on a detached row for as long as the test lasts); so each try scrolls again, as an
  // editor would, and acts on the row only then.
  await expect(async () => {
    await documentPane(page).getByTestId('document-panel-scroller').hover()
    for (let attempt = 0; attempt < 60 && !(await target.isVisible()); attempt++) {
      await page.mouse.wheel(0, 400)
      await page.waitForTimeout(50)
    }
    await target.scrollIntoViewIfNeeded({ timeout: 2_000 })
    await action?.(target)
  }).toPass({ timeout: 60_000 })
}

/** The preview row of the slide with this heading in the story's slide list. */
export function slideRow(page: Page, heading: string): Locator {
  return documentPane(page)
    .getByTestId('field-slides')
    .getByTestId('default-preview')
    .filter({ has: page.getByText(heading, { exact: true }) })
}

/** Opens a slide for editing; returns its dialog. */
export async function openSlide(page: Page, heading: string): Promise<Locator> {
  await scrollFormTo(page, slideRow(page, heading), (row) => row.click({ timeout: 5_000 }))
  const dialog = page.getByRole('dialog')
  await expect(dialog.getByTestId(/^breadcrumb-item-/).last()).toContainText(heading)
  return dialog
}

/** Drags a slide by its handle (⋮⋮) onto another slide's place, as an editor reorders them. */
export async function dragSlide(page: Page, heading: string, ontoHeading: string): Promise<void> {
  const dragHandle = page.locator('[data-sanity-icon="drag-handle"]')
  const preview = page.getByTestId('default-preview').filter({ hasText: heading })
  // The innermost element holding both the slide's preview and its handle is the slide's row.
  const item = documentPane(page).getByTestId('field-slides').locator('div').filter({ has: preview })
  const from = await item.filter({ has: dragHandle }).last().locator(dragHandle).boundingBox()
  const to = await slideRow(page, ontoHeading).boundingBox()
  if (!from || !to) throw new Error('slide rows are not on screen')
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2)
  await page.mouse.down()
  await page.mouse.move(from.x + from.width / 2, to.y + 2, { steps: 15 })
  await page.mouse.up()
}

export async function closeDialog(page: Page): Promise<void> {
  await page.getByRole('dialog').getByRole('button', { name: 'Close dialog' }).click()
  await expect(page.getByRole('dialog')).toHaveCount(0)
}

export function footer(page: Page): Locator {
  return documentPane(page).getByTestId('pane-footer')
}

/** The one browser API the idle wait uses (this code is typed for Node, without the DOM lib). */
interface IdleWindow {
  requestIdleCallback(callback: (deadline: { timeRemaining(): number }) => void): number
}

/**
 * Waits until the Studio's validation has caught up with the document as it is now, as an editor
 * who pauses before publishing gives it time to. Studio 6.16 validates in idle callbacks, one pass
 * at a time (a pass runs to its end before the newest content gets one), and reports a finished
 * pass under the document's newest revision even when it began on older content. Publish clicked
 * while a pass over content that still lacked a required field is running is refused with
 * "Validation errors" once that pass ends, for errors the document no longer has, and the publish
 * is dropped. On a loaded 2-core machine a renderer gets few idle periods, so such a pass can run
 * for seconds. So: the pane is saved, the page has had idle time (every idle callback queued before
 * has run, so no older pass is still going), and no field shows an error.
 */
export async function validationSettled(page: Page): Promise<void> {
  // The footer says "Saving…" while edits are on their way, then "Saved" (or how long ago it was edited).
  await expect(footer(page)).not.toContainText(/saving/i)
  await expect(async () => {
    await page.evaluate(
      () =>
        new Promise<void>((resolve) => {
          const { requestIdleCallback } = globalThis as unknown as IdleWindow
          let idlePeriods = 0
          const next = () =>
            requestIdleCallback((deadline) => {
              if (deadline.timeRemaining() > 10) idlePeriods++
              if (idlePeriods >= 3) resolve()
              else setTimeout(next, 20)
            })
          next()
        }),
    )
    await expect(documentPane(page).getByTestId('input-validation-icon-error')).toHaveCount(0, {
      timeout: 1_000,
    })
  }).toPass({ timeout: 60_000 })
}

/** Clicks Publish once, when validation has settled, and waits until the Studio says the document is published. */
export async function publish(page: Page): Promise<void> {
  await validationSettled(page)
  const button = footer(page).getByTestId('action-publish')
  await expect(button).toBeEnabled()
  await button.click()
  await expect(footer(page).getByTestId('pane-footer-document-status')).toContainText(/published just now/i)
}

/**
 * Opens the menu behind `button` and clicks its `item`. The Studio's menus close when focus
 * leaves them (Presentation's preview frame refreshing, a pane rendered anew), so a menu can be
 * gone before its item is clicked; an editor would open it again, and each try here does, only
 * when it is not open already (a second click on the button would close it).
 */
export async function chooseFromMenu(button: Locator, item: Locator): Promise<void> {
  await expect(async () => {
    if (!(await item.isVisible())) await button.click({ timeout: 5_000 })
    await item.click({ timeout: 5_000 })
  }).toPass({ timeout: 60_000 })
}

/** Runs a document action from the footer's "…" menu (Discard changes, Duplicate, Delete). */
export async function runMenuAction(page: Page, name: string | RegExp): Promise<void> {
  await chooseFromMenu(footer(page).getByTestId('action-menu-button'), page.getByRole('menuitem', { name }))
}
