/**
 * Every route of the app, classified for the access walk. A route missing from this table fails the
 * walk: whoever adds a route decides here whether it is channel-scoped (and so must answer 404 to
 * someone without access to the channel) or why it is not.
 *
 * - public: no sign-in needed (health, static files, sign-in, the API's own documents).
 * - signed: authorised by a signed, expiring link instead of a session.
 * - permission: needs a permission an agent does not have (403 or 404 for them).
 * - list: a signed-in page or fragment that lists data across channels: must never show a hidden channel's data.
 * - stream: a server-sent-event stream (only the opening is checked: 200 and no hidden data).
 * - user: a signed-in page not tied to any channel (templates, the account, notifications).
 * - channel / conversation / message: takes that id; 404 for an id of a hidden channel.
 * - record: a customer record (not channel-scoped) linked to a hidden conversation: its pages must
 *   not show anything of that conversation.
 * - api-list / api-channel / api-conversation / api-message: the same for an API key scoped to another channel.
 */
export type RouteClass =
  | "public"
  | "signed"
  | "permission"
  | "list"
  | "stream"
  | "user"
  | "channel"
  | "conversation"
  | "message"
  | "record"
  | "api-list"
  | "api-channel"
  | "api-conversation"
  | "api-message"
  | "api-other";

export const ROUTES: Record<string, RouteClass> = {
  "GET /": "user",
  "GET /healthz": "public",
  "GET /version": "public",
  "GET /static/:name": "public",
  "GET /setup": "public",
  "POST /setup": "public",
  "GET /login": "public",
  "POST /login": "public",
  "POST /logout": "public",
  "GET /metrics": "public",
  "GET /manifest.webmanifest": "public",
  "GET /sw.js": "public",
  "GET /offline": "public",

  "GET /settings": "user",
  "GET /settings/account": "user",
  "GET /settings/notifications": "user",
  "POST /settings/notifications": "user",
  "GET /settings/notifications/key": "user",
  "POST /settings/notifications/subscriptions": "user",
  "DELETE /settings/notifications/subscriptions": "user",
  "POST /settings/notifications/test": "user",
  "POST /settings/account/password": "user",
  "GET /settings/users": "permission",
  "GET /settings/users/new": "permission",
  "POST /settings/users": "permission",
  "GET /settings/users/:id": "permission",
  "POST /settings/users/:id": "permission",
  "POST /settings/users/:id/password": "permission",
  "POST /settings/users/:id/assignment": "permission",
  "GET /settings/account/availability": "user",
  "POST /settings/account/availability": "user",
  "GET /settings/roles": "permission",
  "POST /settings/roles": "permission",
  "POST /settings/roles/:id": "permission",
  "POST /settings/roles/:id/delete": "permission",
  "GET /settings/groups": "permission",
  "POST /settings/groups": "permission",
  "POST /settings/groups/:id": "permission",
  "POST /settings/groups/:id/delete": "permission",
  "GET /settings/webhooks": "permission",
  "GET /settings/webhooks/new": "permission",
  "POST /settings/webhooks": "permission",
  "GET /settings/webhooks/:id": "permission",
  "GET /settings/webhooks/:id/log": "permission",
  "POST /settings/webhooks/:id": "permission",
  "POST /settings/webhooks/:id/delete": "permission",
  "POST /settings/webhooks/:id/rotate": "permission",
  "POST /settings/webhooks/:id/test": "permission",
  "GET /settings/webhooks/:id/deliveries/:did": "permission",
  "POST /settings/webhooks/:id/deliveries/:did/resend": "permission",
  "GET /settings/api-keys": "permission",
  "POST /settings/api-keys": "permission",
  "POST /settings/api-keys/:id/revoke": "permission",
  "GET /settings/backup": "permission",
  "POST /settings/backup/download": "permission",

  "GET /inbox": "list",
  "GET /inbox/list": "list",
  "GET /inbox/events": "stream",
  "GET /inbox/compose": "list",
  "GET /inbox/compose/recipients": "list",
  "GET /inbox/compose/template": "list",
  "GET /inbox/compose/invoices": "list",
  "POST /inbox/compose": "channel",
  "GET /inbox/c/:id": "conversation",
  "GET /inbox/c/:id/older": "conversation",
  "POST /inbox/c/:id/send": "conversation",
  "POST /inbox/c/:id/assign": "conversation",
  "POST /inbox/c/:id/status": "conversation",
  // Takes ids in its body: those of hidden channels are skipped, as if they did not exist.
  "POST /inbox/bulk-status": "list",
  "POST /inbox/c/:id/notes": "conversation",
  "GET /inbox/c/:id/mention-people": "conversation",
  "POST /inbox/c/:id/labels": "conversation",
  "POST /inbox/bulk-labels": "list",
  "GET /settings/labels": "permission",
  "POST /settings/labels": "permission",
  "POST /settings/labels/:id": "permission",
  "POST /settings/labels/:id/delete": "permission",
  "POST /inbox/bulk-assign": "list",
  "GET /inbox/tabs": "list",
  "POST /inbox/c/:id/separate-lid": "conversation",
  "GET /inbox/c/:id/template": "conversation",
  "POST /inbox/m/:id/retry": "message",
  "POST /inbox/m/:id/media-retry": "message",
  "GET /media/:messageId": "message",

  "GET /templates": "user",
  "GET /templates/new": "permission",
  "POST /templates": "permission",
  "GET /templates/:id": "permission",
  "POST /templates/:id": "permission",
  "POST /templates/:id/delete": "permission",

  "GET /channels": "list",
  "GET /channels/rows": "list",
  "GET /channels/events": "stream",
  "GET /channels/new": "permission",
  "POST /channels": "permission",
  "GET /channels/:id": "channel",
  "GET /channels/:id/state": "channel",
  "GET /channels/:id/qr.svg": "channel",
  "GET /channels/:id/edit": "channel",
  "POST /channels/:id/edit": "channel",
  "POST /channels/:id/auto-assign": "channel",
  "GET /reports": "permission",
  "GET /reports/export.csv": "permission",
  "GET /channels/:id/hours": "channel",
  "POST /channels/:id/hours": "channel",
  "POST /channels/:id/inject": "channel",
  "POST /channels/:id/check": "channel",
  "POST /channels/:id/refresh-qr": "channel",
  "POST /channels/:id/logout": "channel",
  "POST /channels/:id/reconnect": "channel",
  "POST /channels/:id/delete": "channel",
  "POST /channels/:id/scan": "channel",

  "GET /api/v1/channels": "api-list",
  "GET /api/v1/channels/:id": "api-channel",
  "GET /api/v1/channels/:id/qr": "api-channel",
  "POST /api/v1/channels": "api-other",
  "POST /api/v1/channels/:id/reconnect": "api-channel",
  "POST /api/v1/channels/:id/logout": "api-channel",
  "GET /api/v1/conversations": "api-list",
  "GET /api/v1/conversations/:id": "api-conversation",
  "PATCH /api/v1/conversations/:id": "api-conversation",
  "GET /api/v1/conversations/:id/messages": "api-conversation",
  "GET /api/v1/conversations/:id/notes": "api-conversation",
  "POST /api/v1/conversations/:id/notes": "api-conversation",
  "GET /api/v1/conversations/:id/labels": "api-conversation",
  "PUT /api/v1/conversations/:id/labels": "api-conversation",
  // Labels are not tied to a channel: every key reads them; changing them needs settings.manage.
  "GET /api/v1/labels": "api-other",
  "POST /api/v1/labels": "api-other",
  "PATCH /api/v1/labels/:id": "api-other",
  "DELETE /api/v1/labels/:id": "api-other",
  "POST /api/v1/messages": "api-other",
  "GET /api/v1/messages/:id": "api-message",
  "GET /api/v1/messages/:id/media": "api-message",
  "GET /api/v1/contacts": "api-other",
  "POST /api/v1/contacts": "api-other",
  "GET /api/media/:id": "signed",
  "GET /api/openapi.json": "public",
  "GET /api/docs": "public",
  "GET /api/docs/reference.js": "public",

  "GET /workflows": "permission",
  "GET /workflows/new": "permission",
  "GET /workflows/pattern-preview": "permission",
  "POST /workflows": "permission",
  "GET /workflows/:id": "permission",
  "POST /workflows/:id": "permission",
  "POST /workflows/:id/toggle": "permission",
  "POST /workflows/:id/delete": "permission",
  "GET /workflows/:id/runs": "permission",
  "GET /workflows/:id/runs/:runId": "permission",
  "POST /workflows/:id/runs/:runId/rerun": "permission",
  "POST /workflows/:id/webhook-secret": "permission",
  "GET /settings/company": "permission",
  "POST /settings/company": "permission",
  "GET /settings/company/logo": "user",

  "POST /records/from-conversation/:id": "conversation",
  "GET /records/from-conversation/:id": "conversation",
  "GET /records/link-conversation/:id": "conversation",
  "POST /records/link-conversation/:id": "conversation",
  "POST /records/unlink-conversation/:id": "conversation",
  "GET /records/import": "user",
  "POST /records/import": "user",
  "POST /records/import/run": "user",
  "GET /records/:types/:id/invoices/new": "record",
  "POST /records/:types/:id/invoices": "record",
  "GET /records/invoices/:iid/edit": "user",
  "POST /records/invoices/:iid": "user",
  "POST /records/invoices/:iid/delete": "user",
  "GET /records/invoices/:iid/pdf": "user",
  "POST /records/:types/:id/attachments": "record",
  "POST /records/:types/:id/labels": "record",
  "GET /records/:types/:id/attachments/:aid": "record",
  "POST /records/:types/:id/attachments/:aid/delete": "record",
  "GET /records": "list",
  "GET /records/:types": "list",
  "GET /records/:types/new": "user",
  "POST /records/:types": "user",
  "GET /records/:types/:id": "record",
  "GET /records/:types/:id/edit": "record",
  "POST /records/:types/:id": "record",
  "POST /records/:types/:id/delete": "record",

  "GET /notifications": "user",
  "GET /notifications/bell": "user",
  "POST /notifications/:id/open": "user",
  "POST /notifications/read": "user",
};
