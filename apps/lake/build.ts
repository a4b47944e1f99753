// `npm pack` of apps/lake (prepack): builds the lake into dist/ as JavaScript, because Node.js
// strips types only outside node_modules, and an installed package is inside it. One file per
// entry point, side by side: what the lake starts in another process, thread or preload finds its
// module beside the one starting it (files/siblingModule.ts). Dependencies stay dependencies;
// only this repository's @slideshow/sanity, which is not published, goes into the build.
import { copyFileSync, rmSync } from 'node:fs'
import { basename, join } from 'node:path'
import { build } from 'rolldown'

const ENTRIES = {
  cli: 'src/cli.ts',
  queryWorker: 'src/groq/queryWorker.ts',
  firstStartProcess: 'src/seed/firstStartProcess.ts',
  issueProcess: 'src/tls/issueProcess.ts',
  preload: 'src/exec/preload.ts',
  functionProcess: 'src/functions/functionProcess.ts',
  blueprintProcess: 'src/functions/blueprintProcess.ts',
}

/** Files a module reads from its own folder at run time (`import.meta.dirname`), copied beside the build. */
const BESIDE = ['src/accounts/signInPages.css']

const bundled = (id: string) => id.startsWith('@slideshow/sanity/')
const isPackage = (id: string) => !id.startsWith('.') && !id.startsWith('/') && !id.startsWith('\0')

rmSync(new URL('./dist', import.meta.url), { recursive: true, force: true })
await build({
  input: ENTRIES,
  platform: 'node',
  cwd: import.meta.dirname,
  external: (id) => isPackage(id) && !bundled(id),
  output: { dir: 'dist', format: 'esm', entryFileNames: '[name].js', chunkFileNames: '[name]-[hash].js' },
})
for (const file of BESIDE)
  copyFileSync(join(import.meta.dirname, file), join(import.meta.dirname, 'dist', basename(file)))
console.log(`lake: built ${Object.keys(ENTRIES).length} entry points into dist/`)
