// Preloaded (`node --import`) into the Sanity CLI by scripts/sanity.ts: resolves `*.localhost` to
// loopback, as browsers do and RFC 6761 asks. The CLI's project client calls
// `https://<projectId>.localhost:<port>` (it always puts the project id in the host name), and
// Node leaves such names to the system resolver, which here answers ENOTFOUND.
import { resolveToLoopback } from '../apps/lake/src/exec/loopbackLookup.ts'

resolveToLoopback(
  (hostname) =>
    typeof hostname === 'string' && hostname.toLowerCase().replace(/\.$/, '').endsWith('.localhost'),
)
