/**
 * Shown on every page in draft mode, so nobody mistakes drafts, or a release not yet published,
 * for what readers see.
 */
export function PreviewBar({
  release,
  published,
}: {
  release?: { title: string } | undefined
  /** Presentation's Published perspective: draft mode, showing what readers have. */
  published: boolean
}) {
  return (
    <div className="preview-bar" role="status">
      <strong>Preview</strong>
      <span>
        {release
          ? `You are seeing the release “${release.title}”, not yet published.`
          : published
            ? 'You are seeing the published content, as readers do.'
            : 'You are seeing unpublished drafts.'}
      </span>
      {/* A plain anchor, not <Link>: a prefetch would call the route and leave preview by itself. */}
      <a href="/api/draft-mode/disable">Exit preview</a>
    </div>
  )
}
