import { isVersionId } from './ids.ts'

/*
 * Hosted Sanity's strong references, as the lake enforces them (see `referentialIntegrity.ts`).
 *
 * A strong reference is any object holding a string `_ref` without `_weak: true`, wherever it
 * sits: fields, arrays, Portable Text `markDefs`. It names a document id exactly: `{_ref: "x"}`
 * is satisfied by `x`, not by `drafts.x` (which is why the Studio writes a reference to a
 * document that has only a draft as `_weak: true` plus `_strengthenOnPublish`). Objects with
 * `_dataset` or `_projectId` are cross-dataset or global references (the comments add-on's
 * `target.document`): another dataset's integrity, not this one's, so they are not checked.
 */

const SYSTEM_PREFIX = '_.'

/** The ids a document holds strong references to; a reference object is a leaf. */
export function strongReferencesOf(doc: unknown): Set<string> {
  const targets = new Set<string>()
  collect(doc, targets)
  return targets
}

function collect(value: unknown, targets: Set<string>): void {
  if (Array.isArray(value)) {
    for (const item of value) collect(item, targets)
    return
  }
  if (typeof value !== 'object' || value === null) return
  const record = value as Record<string, unknown>
  if (typeof record._ref === 'string') {
    const crossDataset = record._dataset !== undefined || record._projectId !== undefined
    if (record._weak !== true && !crossDataset) targets.add(record._ref)
    return
  }
  for (const field of Object.values(record)) collect(field, targets)
}

/**
 * Whether a document's strong references are enforced, and so whether it keeps its targets from
 * being deleted: published documents and drafts, as on hosted (the Studio weakens references in
 * drafts to documents that are not published, which it would not need to otherwise).
 *
 * Not release versions: in a release the Studio writes strong references to documents the same
 * release creates (sanity-io/sanity#8609: "Create new" in a release sets no `_weak`), so hosted
 * cannot check them when the version is written; they are checked when the release publishes,
 * as the published documents it writes. Not system documents (`_.` ids: releases, schedules),
 * which are the lake's workflows' own and hold no references to content.
 */
export function isIntegrityChecked(id: string): boolean {
  return !isVersionId(id) && !id.startsWith(SYSTEM_PREFIX)
}

/**
 * A document as publishing leaves it: every reference marked `_strengthenOnPublish` loses that
 * mark, and its `_weak` too unless the schema wants it weak (`_strengthenOnPublish.weak`).
 * Hosted does this on the server for the publish action (the Studio 6 publish sends only ids;
 * "Content Lake will only strengthen the reference if both `_strengthenOnPublish` and `_weak`
 * are truthy", sanity-io/sanity#8609); the mark itself is dropped whenever present, as the
 * Studio's own mutation-based publish (`strengthenOnPublish` in sanity's document operations)
 * does, since it means nothing in a published document.
 */
export function strengthenOnPublish<T>(value: T): T {
  if (Array.isArray(value)) return value.map(strengthenOnPublish) as T
  if (typeof value !== 'object' || value === null) return value
  const record = value as Record<string, unknown>
  if (typeof record._ref === 'string' && record._strengthenOnPublish !== undefined) {
    const { _strengthenOnPublish: mark, _weak: weak, ...reference } = record
    const keepsWeak = weak !== undefined && (!weak || (mark as { weak?: unknown } | null)?.weak === true)
    return (keepsWeak ? { ...reference, _weak: weak } : reference) as T
  }
  return Object.fromEntries(
    Object.entries(record).map(([key, field]) => [key, strengthenOnPublish(field)]),
  ) as T
}
