/** Shown on every page in draft mode, so nobody mistakes drafts for what readers see. */
export function PreviewBar() {
  return (
    <div className="preview-bar" role="status">
      <strong>Preview</strong>
      <span>You are seeing unpublished drafts.</span>
      {/* A plain anchor, not <Link>: a prefetch would call the route and leave preview by itself. */}
      <a href="/api/draft-mode/disable">Exit preview</a>
    </div>
  )
}
