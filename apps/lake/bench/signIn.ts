// Sign-in benchmark (not a test): the Argon2id work per sign-in (hash when a password is set,
// verify at each sign-in), and whole sign-ins through the lake's page for a right password, a
// wrong one and an unknown email, interleaved. The last two must not be told apart by time: they
// are compared with a Mann-Whitney U test (a rank test: no assumption about the distributions).
// Writes bench/results/signIn.json.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { verify } from '@node-rs/argon2'
import { hashPassword } from '../src/accounts/passwordHash.ts'
import { loadConfig } from '../src/config.ts'
import { startLake } from '../src/server.ts'

const ROUNDS = Number(process.env.BENCH_SIGNIN_ROUNDS ?? 40)
const PASSWORD = 'bench-harbour-lantern-quiet-47'
const STUDIO = 'http://localhost:3999'

function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN
}

const summary = (samples: number[]) => ({
  p50: Number(percentile(samples, 50).toFixed(1)),
  p90: Number(percentile(samples, 90).toFixed(1)),
})

/** Two-sided Mann-Whitney U with the normal approximation; returns z and p (ties get mean ranks). */
function mannWhitney(a: number[], b: number[]): { z: number; p: number } {
  const all = [...a.map((value) => ({ value, group: 0 })), ...b.map((value) => ({ value, group: 1 }))]
  all.sort((x, y) => x.value - y.value)
  const ranks = new Array<number>(all.length)
  for (let start = 0; start < all.length; ) {
    let end = start
    while (end + 1 < all.length && all[end + 1]?.value === all[start]?.value) end++
    for (let index = start; index <= end; index++) ranks[index] = (start + end) / 2 + 1
    start = end + 1
  }
  const rankSumA = all.reduce((sum, entry, index) => sum + (entry.group === 0 ? (ranks[index] ?? 0) : 0), 0)
  const u = rankSumA - (a.length * (a.length + 1)) / 2
  const mean = (a.length * b.length) / 2
  const sd = Math.sqrt((a.length * b.length * (a.length + b.length + 1)) / 12)
  const z = (u - mean) / sd
  // Abramowitz-Stegun erf approximation, enough for a p-value printed to two digits.
  const t = 1 / (1 + 0.3275911 * (Math.abs(z) / Math.SQRT2))
  const erf =
    1 -
    ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) *
      t *
      Math.exp(-(z * z) / 2)
  return { z: Number(z.toFixed(2)), p: Number((1 - erf).toFixed(3)) }
}

const dataDir = mkdtempSync(join(tmpdir(), 'lake-bench-signin-'))
const base = loadConfig({}, { dataDir, port: 0, tlsPort: 0, seed: false, webhooks: [] })
const running = await startLake(
  {
    ...base,
    corsOrigins: [STUDIO],
    trustProxy: true,
    accounts: { ...base.accounts, addressFailures: 1_000_000 },
  },
  () => {},
)
try {
  const hashMs: number[] = []
  const verifyMs: number[] = []
  let stored = ''
  for (let round = 0; round < 10; round++) {
    let started = performance.now()
    stored = await hashPassword(PASSWORD)
    hashMs.push(performance.now() - started)
    started = performance.now()
    await verify(stored, PASSWORD)
    verifyMs.push(performance.now() - started)
  }

  const { accounts } = running.lake
  const account = accounts.store.add('bench@example.com', 'Bench Editor', 'editor')
  accounts.store.setPasswordHash(account.id, stored)
  let address = 0
  const attempt = async (email: string, password: string): Promise<number> => {
    const started = performance.now()
    const response = await fetch(`${running.httpUrl}/auth/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        origin: running.httpUrl,
        // A fresh address each time, and a success between failures, so neither limit is reached.
        'x-forwarded-for': `10.0.${Math.floor(address / 250)}.${(address++ % 250) + 1}`,
      },
      body: new URLSearchParams({ origin: `${STUDIO}/`, email, password }).toString(),
    })
    await response.arrayBuffer()
    return performance.now() - started
  }
  const right: number[] = []
  const wrong: number[] = []
  const unknown: number[] = []
  for (let round = 0; round < ROUNDS; round++) {
    right.push(await attempt('bench@example.com', PASSWORD))
    wrong.push(await attempt('bench@example.com', 'not-the-password-at-all'))
    unknown.push(await attempt(`nobody${round}@example.com`, PASSWORD))
  }
  const report = {
    argon2id: {
      memoryKiB: 19_456,
      passes: 2,
      lanes: 1,
      hashMs: summary(hashMs),
      verifyMs: summary(verifyMs),
    },
    signInMs: {
      rightPassword: summary(right),
      wrongPassword: summary(wrong),
      unknownEmail: summary(unknown),
    },
    wrongVsUnknown: { rounds: ROUNDS, ...mannWhitney(wrong, unknown) },
  }
  const resultsDir = join(import.meta.dirname, 'results')
  mkdirSync(resultsDir, { recursive: true })
  writeFileSync(join(resultsDir, 'signIn.json'), `${JSON.stringify(report, null, 2)}\n`)
  console.log(JSON.stringify(report, null, 2))
} finally {
  await running.close()
  rmSync(dataDir, { recursive: true, force: true })
}
