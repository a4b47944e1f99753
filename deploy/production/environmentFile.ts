import type { Env } from './processEnv.ts'

/**
 * One `NAME='value'` line per variable, as systemd's EnvironmentFile= reads them: single quotes
 * keep a value as it is (`""` included); a value holding one is double-quoted with escapes.
 */
export function environmentFile(env: Env): string {
  return Object.entries(env)
    .map(([name, value]) => {
      if (/[\n\r]/.test(value))
        throw new Error(`${name} holds a line break, which an environment file cannot`)
      const quoted = value.includes("'")
        ? `"${value.replace(/[\\"$`]/g, (char) => `\\${char}`)}"`
        : `'${value}'`
      return `${name}=${quoted}\n`
    })
    .join('')
}
