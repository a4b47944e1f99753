#!/usr/bin/env node
// `lake`: this repository runs the lake's TypeScript sources; the package (`npm pack` of
// apps/lake) has no sources, only their build in dist/.
import { existsSync } from 'node:fs'

const sources = new URL('../src/cli.ts', import.meta.url)
await import(existsSync(sources) ? sources.href : new URL('../dist/cli.js', import.meta.url).href)
