/*
 * Shown instead of the Studio while the lake's HTTPS origin cannot be reached. Plain DOM, not the
 * Studio's UI: it has to render when nothing the Studio needs is available. Fixed over the page,
 * because the empty `#sanity` root the Studio will render into fills the viewport.
 */

const STYLE = `
#lake-unreachable {
  position: fixed; inset: 0; overflow: auto; box-sizing: border-box; display: flex; align-items: center; justify-content: center;
  padding: 2rem 1rem; color: #1f2430; background: #f3f3f6;
  font: 15px/1.5 -apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, Helvetica, Arial, system-ui, sans-serif;
}
#lake-unreachable section {
  max-width: 36rem; padding: 1.5rem 1.75rem; border-radius: 8px; background: #fff;
  box-shadow: 0 1px 3px rgb(0 0 0 / 12%), 0 8px 24px rgb(0 0 0 / 8%);
}
#lake-unreachable h1 { font-size: 1.25rem; margin: 0 0 0.75rem; }
#lake-unreachable p, #lake-unreachable ol { margin: 0 0 0.75rem; }
#lake-unreachable ol { padding-left: 1.5em; }
#lake-unreachable .aside { color: #5b6170; font-size: 13px; }
#lake-unreachable code {
  font: 13px/1.4 ui-monospace, "SF Mono", Menlo, Consolas, monospace; padding: 0.1em 0.3em; border-radius: 4px;
  background: #eceef2; overflow-wrap: anywhere;
}
@media (prefers-color-scheme: dark) {
  #lake-unreachable { color: #e4e6eb; background: #13141b; }
  #lake-unreachable section { background: #1d1f27; box-shadow: none; }
  #lake-unreachable .aside { color: #a3a8b5; }
  #lake-unreachable code { background: #2a2d38; }
}`

type Content = string | Node

function el(tag: string, className: string | null, ...children: Content[]): HTMLElement {
  const element = document.createElement(tag)
  if (className) element.className = className
  element.append(...children)
  return element
}

const code = (text: string) => el('code', null, text)

function explanation(apiHost: string): HTMLElement {
  return el(
    'section',
    null,
    el('h1', null, "The Studio can't reach the local lake"),
    el(
      'p',
      null,
      'The Studio talks to the lake at ',
      code(apiHost),
      " over HTTPS, and this browser could not connect to it. Usually that is because the browser does not trust the lake's local certificate yet.",
    ),
    el(
      'ol',
      null,
      el('li', null, 'In the project folder, run ', code('npm run trust'), '.'),
      el('li', null, 'Quit this browser completely and open it again.'),
    ),
    el(
      'p',
      'aside',
      'Or, in Chromium, pass the ',
      code('--ignore-certificate-errors-spki-list=…'),
      ' flag that ',
      code('npm run dev'),
      ' prints.',
    ),
    el(
      'p',
      'aside',
      'If the lake is not running, start it with ',
      code('npm run dev'),
      '. This page checks again every few seconds and opens the Studio as soon as the lake answers.',
    ),
  )
}

/** Shows the screen for the lake at `apiHost`; returns a function that removes it. */
export function showLakeUnreachable(apiHost: string): () => void {
  const style = el('style', null, STYLE)
  const screen = el('main', null, explanation(apiHost))
  screen.id = 'lake-unreachable'
  document.head.append(style)
  document.body.append(screen)
  return () => {
    style.remove()
    screen.remove()
  }
}
