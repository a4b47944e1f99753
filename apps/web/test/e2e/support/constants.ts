/** Tokens the e2e lake accepts: the tests write as the admin, the site reads drafts as the viewer. */
export const ADMIN_TOKEN = 'e2e-admin-token-0123456789abcdef0123'
export const VIEWER_TOKEN = 'e2e-viewer-token-0123456789abcdef0123'
/** Documents with this id prefix change in the lake without a webhook to the site. */
export const SILENT_ID_PREFIX = 'silent-'
