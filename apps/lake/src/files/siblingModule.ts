/**
 * A module of the lake beside `from` (an `import.meta.url`), for code started in another process
 * or thread or preloaded by URL: `.ts` when the lake runs from its sources, `.js` when it runs
 * built, installed as a package (Node.js strips types only outside node_modules).
 */
export function siblingModule(from: string, name: string): URL {
  return new URL(`./${name}${from.endsWith('.js') ? '.js' : '.ts'}`, from)
}
