import {
  handleAddAccount,
  handleAddToken,
  handleListAccounts,
  handleListTokens,
  handleRemoveAccount,
  handleResetAccount,
  handleRevokeToken,
  handleUpdateAccount,
} from './accounts.ts'
import { handleActions } from './actions.ts'
import { handleFileUpload, handleImageUpload } from './assets.ts'
import { handleFetchSession, handleLogout, handleProviders } from './auth.ts'
import { handleCommentsSetup } from './comments.ts'
import { type RequestContext, sendJson } from './context.ts'
import { handleAddCors, handleCorsCheck, handleDeleteCors, handleListCors } from './cors.ts'
import { handleDoc } from './doc.ts'
import { handleExport } from './export.ts'
import { handleFeatures, handleNewReleaseAllowed, handleProjectSubscriptions } from './features.ts'
import { handleFile } from './files.ts'
import { handleDocumentsAt, handleTransactionLog } from './history.ts'
import { handleDocumentEvents } from './historyEvents.ts'
import { handleImage } from './images.ts'
import { handleListen } from './listen.ts'
import { handleLiveEvents } from './live.ts'
import { handleMutate } from './mutate.ts'
import {
  handleAcl,
  handleCreateDataset,
  handleDatasets,
  handleDeleteDataset,
  handleProject,
} from './projects.ts'
import { handleQuery } from './query.ts'
import { handleReferencesTo } from './references.ts'
import { handleReleaseEvents } from './releaseEvents.ts'
import type { Route } from './router.ts'
import {
  handleCreateSchedule,
  handleDeleteSchedule,
  handleGetSchedule,
  handleListSchedules,
  handlePublishSchedule,
  handleUpdateSchedule,
} from './schedules.ts'
import {
  handleAcceptInvite,
  handleInvitePage,
  handlePagesCss,
  handleSignIn,
  handleSignInPage,
} from './signInPages.ts'
import { emptyList, emptyObject, keyValues, noContent, pong } from './stubs.ts'
import { handleAuthId, handleCurrentUser, handleUsers } from './users.ts'

function health(context: RequestContext): void {
  const { lake } = context
  sendJson(context.res, lake.ready ? 200 : 503, {
    status: lake.ready ? 'ok' : 'starting',
    projectId: lake.config.projectId,
  })
}

/** Every operation the lake serves: one handler each, in the order they are matched. */
export const routes: Route[] = [
  { method: 'GET', path: '/health', handler: health, unversioned: true, duringStartup: true },
  {
    method: ['GET', 'HEAD'],
    path: '/images/:projectId/:dataset/:file',
    publicToAnyOrigin: true,
    handler: handleImage,
    unversioned: true,
  },
  {
    method: ['GET', 'HEAD'],
    path: '/images/:projectId/:dataset/:file/:vanity',
    publicToAnyOrigin: true,
    handler: handleImage,
    unversioned: true,
  },
  {
    method: ['GET', 'HEAD'],
    path: '/files/:projectId/:dataset/:file',
    publicToAnyOrigin: true,
    handler: handleFile,
    unversioned: true,
  },
  {
    method: ['GET', 'HEAD'],
    path: '/files/:projectId/:dataset/:file/:vanity',
    publicToAnyOrigin: true,
    handler: handleFile,
    unversioned: true,
  },

  { method: ['GET', 'POST'], path: '/data/query/:dataset', handler: handleQuery },
  { method: 'GET', path: '/data/doc/:dataset/:ids', handler: handleDoc },
  { method: 'POST', path: '/data/mutate/:dataset', handler: handleMutate },
  { method: 'POST', path: '/data/actions/:dataset', handler: handleActions },
  { method: 'GET', path: '/data/listen/:dataset', handler: handleListen },
  { method: 'GET', path: '/data/live/events/:dataset', handler: handleLiveEvents },
  { method: 'GET', path: '/data/export/:dataset', handler: handleExport },
  { method: 'GET', path: '/data/ping/:dataset', handler: pong },
  { method: 'GET', path: '/check/cors', handler: handleCorsCheck, publicToAnyOrigin: true },
  { method: 'GET', path: '/data/references/:dataset/documents/:id/to', handler: handleReferencesTo },
  { method: 'GET', path: '/data/history/:dataset/transactions/:ids', handler: handleTransactionLog },
  { method: 'GET', path: '/data/history/:dataset/documents/:ids', handler: handleDocumentsAt },
  { method: 'GET', path: '/data/history/:dataset/events/documents/:id', handler: handleDocumentEvents },
  { method: 'GET', path: '/data/history/:dataset/events/releases/:id', handler: handleReleaseEvents },
  { method: 'GET', path: '/schedules/:projectId/:dataset', handler: handleListSchedules },
  { method: 'POST', path: '/schedules/:projectId/:dataset', handler: handleCreateSchedule },
  { method: 'GET', path: '/schedules/:projectId/:dataset/:id', handler: handleGetSchedule },
  { method: 'PATCH', path: '/schedules/:projectId/:dataset/:id', handler: handleUpdateSchedule },
  { method: 'DELETE', path: '/schedules/:projectId/:dataset/:id', handler: handleDeleteSchedule },
  { method: 'POST', path: '/schedules/:projectId/:dataset/:id/publish', handler: handlePublishSchedule },
  { method: 'POST', path: '/assets/images/:dataset', handler: handleImageUpload },
  { method: 'POST', path: '/assets/files/:dataset', handler: handleFileUpload },

  // Signing in: the lake's own pages (unversioned, as the links in invites and the Studio's login
  // screen name them), then the hosted endpoints the Studio calls.
  {
    method: 'GET',
    path: '/auth/login',
    handler: handleSignInPage,
    unversioned: true,
    ownPage: true,
    signIn: true,
  },
  {
    method: 'POST',
    path: '/auth/login',
    handler: handleSignIn,
    unversioned: true,
    ownPage: true,
    signIn: true,
  },
  {
    method: 'GET',
    path: '/auth/invite',
    handler: handleInvitePage,
    unversioned: true,
    ownPage: true,
    signIn: true,
  },
  {
    method: 'POST',
    path: '/auth/invite',
    handler: handleAcceptInvite,
    unversioned: true,
    ownPage: true,
    signIn: true,
  },
  {
    method: 'GET',
    path: '/auth/pages.css',
    handler: handlePagesCss,
    unversioned: true,
    ownPage: true,
    signIn: true,
  },
  { method: 'GET', path: '/auth/providers', handler: handleProviders, signIn: true },
  { method: 'GET', path: '/auth/fetch', handler: handleFetchSession, signIn: true },
  { method: 'POST', path: '/auth/logout', handler: handleLogout, signIn: true },
  { method: 'GET', path: '/users/me', handler: handleCurrentUser },
  { method: 'GET', path: '/auth/id', handler: handleAuthId },
  { method: ['GET', 'PUT', 'PATCH'], path: '/users/me/keyvalue/:keys', handler: keyValues },
  { method: 'GET', path: '/users/:ids', handler: handleUsers },
  { method: 'GET', path: '/projects/:projectId/datasets/:dataset/acl', handler: handleAcl },
  { method: 'GET', path: '/projects/:projectId/datasets', handler: handleDatasets },
  { method: 'PUT', path: '/projects/:projectId/datasets/:dataset', handler: handleCreateDataset },
  { method: 'DELETE', path: '/projects/:projectId/datasets/:dataset', handler: handleDeleteDataset },
  { method: 'POST', path: '/comments/:dataset/setup', handler: handleCommentsSetup },
  { method: 'GET', path: '/datasets', handler: handleDatasets },
  { method: 'PUT', path: '/datasets/:dataset', handler: handleCreateDataset },
  { method: 'DELETE', path: '/datasets/:dataset', handler: handleDeleteDataset },
  { method: 'GET', path: '/projects/:projectId/cors', handler: handleListCors },
  { method: 'POST', path: '/projects/:projectId/cors', handler: handleAddCors },
  { method: 'DELETE', path: '/projects/:projectId/cors/:id', handler: handleDeleteCors },
  { method: 'GET', path: '/projects/:projectId/accounts', handler: handleListAccounts },
  { method: 'POST', path: '/projects/:projectId/accounts', handler: handleAddAccount },
  { method: 'PATCH', path: '/projects/:projectId/accounts/:account', handler: handleUpdateAccount },
  { method: 'DELETE', path: '/projects/:projectId/accounts/:account', handler: handleRemoveAccount },
  { method: 'POST', path: '/projects/:projectId/accounts/:account/reset', handler: handleResetAccount },
  { method: 'GET', path: '/projects/:projectId/tokens', handler: handleListTokens },
  { method: 'POST', path: '/projects/:projectId/tokens', handler: handleAddToken },
  { method: 'DELETE', path: '/projects/:projectId/tokens/:tokenId', handler: handleRevokeToken },
  { method: 'GET', path: '/projects/:projectId/grants', handler: emptyObject },
  { method: 'GET', path: '/projects/:projectId/user-applications', handler: emptyList },
  { method: 'GET', path: '/projects/:projectId/features', handler: handleFeatures },
  {
    method: 'GET',
    path: '/projects/:projectId/new-content-release-allowed',
    handler: handleNewReleaseAllowed,
  },
  { method: 'GET', path: '/subscriptions/project/:projectId', handler: handleProjectSubscriptions },
  { method: 'GET', path: '/projects/:projectId', handler: handleProject },
  { method: 'GET', path: '/features', handler: handleFeatures },
  { method: 'GET', path: '/ping', handler: pong },
  { method: 'GET', path: '/help', handler: emptyObject },
  { method: ['GET', 'POST'], path: '/intake/*', handler: noContent },
  { method: ['GET', 'POST'], path: '/journey/*', handler: noContent },
]
