import { Hono } from "hono";
import { contextStorage } from "hono/context-storage";
import { requestId } from "hono/request-id";
import type { AppDeps, AppEnv } from "./web/context.ts";
import { securityHeaders, csrfProtection } from "./web/security.ts";
import { bodyLimits, type BodyRule } from "./web/body-limit.ts";
import { hostCheck } from "./web/host-check.ts";
import { notFound, onError } from "./web/errors.tsx";
import { healthRoutes } from "./web/health.ts";
import { staticRoutes } from "./web/static.ts";
import { appShellRoutes } from "./web/app-shell.tsx";
import { loadSession, requireUser } from "./auth/middleware.ts";
import { authRoutes } from "./auth/routes.tsx";
import { usersRoutes } from "./auth/users-routes.tsx";
import { teamsRoutes } from "./auth/teams-routes.tsx";
import { accountRoutes } from "./auth/account-routes.tsx";
import { inboxRoutes } from "./inbox/routes.tsx";
import { inboxEventsRoutes } from "./inbox/events.tsx";
import { composeRoutes } from "./inbox/compose-routes.tsx";
import { shareRoutes } from "./inbox/share-routes.tsx";
import { messageActionRoutes } from "./inbox/message-actions.tsx";
import { statusRoutes } from "./inbox/status.tsx";
import { notesRoutes } from "./inbox/notes.tsx";
import { labelSettingsRoutes } from "./labels/settings-routes.tsx";
import { conversationLabelRoutes } from "./labels/conversation-routes.tsx";
import { assignRoutes } from "./inbox/assign-routes.tsx";
import { lidSeparateRoutes } from "./inbox/lid-separate.ts";
import { typingRoutes } from "./inbox/typing-routes.ts";
import { pairCodeRoutes } from "./channels/pair-code.tsx";
import { simulateChatRoutes } from "./channels/simulate-chat.tsx";
import { composeNewRoutes } from "./inbox/compose-new.tsx";
import { mediaRoutes } from "./inbox/media-routes.ts";
import { INBOX_UPLOADS } from "./inbox/upload.tsx";
import { templatesRoutes } from "./templates/routes.tsx";
import { channelsRoutes } from "./channels/routes.tsx";
import { autoAssignRoutes } from "./channels/auto-assign-routes.tsx";
import { businessHoursRoutes } from "./channels/hours-routes.tsx";
import { reportsRoutes } from "./reports/routes.tsx";
import { recordsRoutes } from "./records/routes.tsx";
import { integrationsRoutes } from "./api/mount.ts";
import { requestLog } from "./ops/request-log.ts";
import { workflowsRoutes } from "./workflows/routes.tsx";
import { notificationsRoutes } from "./notifications/routes.tsx";
import { pushRoutes } from "./push/routes.tsx";
import { loadUnreadNotifications } from "./notifications/unread.ts";
import { availabilityRoutes, loadAvailability } from "./auth/availability-routes.tsx";

/** Paths reachable without signing in. */
const PUBLIC = [
  /^\/healthz$/,
  /^\/version$/,
  /^\/static\//,
  /^\/login$/,
  /^\/logout$/,
  /^\/setup$/,
  /^\/api\//,
  /^\/metrics$/,
  /^\/(manifest\.webmanifest|sw\.js|offline)$/,
];
/**
 * Routes whose bodies may be larger than the 64 KB every other request is held to: the ones that
 * take files get the upload cap, forms with long text fields what those fields need.
 */
const LARGE_BODIES: BodyRule[] = [
  INBOX_UPLOADS,
  {
    route:
      /^POST \/(channels\/\d+\/inject|records\/[a-z]+\/\d+\/attachments|records\/import|settings\/company|workflows(\/\d+)?|api\/v1\/messages)$/,
    size: "upload",
  },
  {
    route:
      /^POST \/(templates(\/\d+)?|records\/[a-z]+(\/\d+)?|records\/[a-z]+\/\d+\/invoices|records\/invoices\/\d+|api\/v1\/contacts)$/,
    size: "long-form",
  },
];
/** Paths that authenticate without cookies and so need no CSRF token. */
const CSRF_EXEMPT = (path: string) => path.startsWith("/api/");

/** Every feature's routes, matched in this order. */
const FEATURE_ROUTES = [
  healthRoutes,
  staticRoutes,
  appShellRoutes,
  authRoutes,
  accountRoutes,
  availabilityRoutes,
  usersRoutes,
  teamsRoutes,
  inboxEventsRoutes,
  composeNewRoutes,
  inboxRoutes,
  composeRoutes,
  shareRoutes,
  messageActionRoutes,
  statusRoutes,
  notesRoutes,
  conversationLabelRoutes,
  labelSettingsRoutes,
  assignRoutes,
  lidSeparateRoutes,
  typingRoutes,
  mediaRoutes,
  templatesRoutes,
  pairCodeRoutes,
  simulateChatRoutes,
  channelsRoutes,
  autoAssignRoutes,
  businessHoursRoutes,
  recordsRoutes,
  integrationsRoutes,
  workflowsRoutes,
  notificationsRoutes,
  reportsRoutes,
  pushRoutes,
];

/**
 * Builds the whole HTTP app from its dependencies. No side effects: tests build as many as they like.
 */
export function createApp(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use("*", async (c, next) => {
    c.set("deps", deps);
    await next();
  });
  app.use("*", requestId());
  app.use("*", requestLog());
  app.use("*", contextStorage());
  app.use("*", securityHeaders());
  // Before the session and every route: a request that names another host is not for us.
  app.use("*", hostCheck());
  app.use("*", loadSession());
  // Before the CSRF check, which reads form bodies, and before any route does.
  app.use("*", bodyLimits(LARGE_BODIES));
  app.use("*", csrfProtection(CSRF_EXEMPT));
  app.use("*", async (c, next) => {
    if (PUBLIC.some((re) => re.test(c.req.path))) return next();
    return requireUser()(c, next);
  });
  app.use("*", loadUnreadNotifications());
  app.use("*", loadAvailability());

  for (const routes of FEATURE_ROUTES) app.route("/", routes());

  app.get("/", (c) => c.redirect("/inbox", 303));

  app.notFound(notFound);
  app.onError(onError);
  return app;
}
