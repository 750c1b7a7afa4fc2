import type { Child } from "hono/jsx";
import { raw } from "hono/html";
import { staticUrl } from "../web/static.ts";
import { serviceWorkerUrl, THEME } from "../web/app-shell.tsx";
import { can, type Permission } from "../auth/principal.ts";
import { requestContext, nonce, csrfToken } from "./context.ts";
import { NotificationBell } from "../notifications/views/bell.tsx";
import { BottomBar } from "./bottom-bar.tsx";
import { AvailabilitySwitch } from "../auth/views/availability.tsx";
import { ShortcutsDialog } from "./components/shortcuts-dialog.tsx";

export type NavKey = "inbox" | "channels" | "records" | "workflows" | "templates" | "reports" | "settings";

/** Sections a person lacks the permission for are left out of the navigation (the server refuses them anyway). */
const NAV: { key: NavKey; label: string; href: string; permission?: Permission }[] = [
  { key: "inbox", label: "Inbox", href: "/inbox" },
  { key: "channels", label: "Channels", href: "/channels" },
  { key: "records", label: "Records", href: "/records" },
  { key: "workflows", label: "Workflows", href: "/workflows", permission: "workflows.manage" },
  { key: "templates", label: "Templates", href: "/templates" },
  { key: "reports", label: "Reports", href: "/reports", permission: "reports.view" },
  { key: "settings", label: "Settings", href: "/settings" },
];

type LayoutProps = { title: string; nav?: NavKey; children: Child; wide?: boolean };

/** The page shell: head with htmx under a strict CSP, navigation, demo banner. */
export function Layout(props: LayoutProps) {
  const c = requestContext();
  const { config, version } = c.get("deps");
  const user = c.get("user");
  const n = nonce();
  const headers = JSON.stringify({ "X-CSRF-Token": csrfToken() });
  return (
    <>
      {raw("<!DOCTYPE html>")}
      <html lang="en">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <meta name="htmx-config" content='{"extensions":"hx-csp,sse,upsert","includeIndicatorCSS":false}' />
          <title>{`${props.title} · Pairbox`}</title>
          <link rel="stylesheet" href={staticUrl("app.css", version)} />
          <link rel="icon" href={staticUrl("logo.svg", version)} />
          <link rel="manifest" href="/manifest.webmanifest" />
          <link rel="apple-touch-icon" href={staticUrl("icon-192.png", version)} />
          <meta name="theme-color" content={THEME.light} media="(prefers-color-scheme: light)" />
          <meta name="theme-color" content={THEME.dark} media="(prefers-color-scheme: dark)" />
          <meta name="color-scheme" content="light dark" />
          <meta name="pairbox-sw" content={serviceWorkerUrl(version)} />
          <script src={staticUrl("htmx.min.js", version)} nonce={n}></script>
          <script src={staticUrl("hx-csp.min.js", version)} nonce={n}></script>
          <script src={staticUrl("hx-sse.min.js", version)} nonce={n}></script>
          <script src={staticUrl("hx-upsert.min.js", version)} nonce={n}></script>
          <script src={staticUrl("app.js", version)} nonce={n} defer></script>
          <script src={staticUrl("typing.js", version)} nonce={n} defer></script>
          <script src={staticUrl("notes.js", version)} nonce={n} defer></script>
          <script src={staticUrl("thread.js", version)} nonce={n} defer></script>
          <script src={staticUrl("reply-attach.js", version)} nonce={n} defer></script>
          <script src={staticUrl("invoice.js", version)} nonce={n} defer></script>
          <script src={staticUrl("shortcuts.js", version)} nonce={n} defer></script>
        </head>
        <body hx-headers:inherited={headers} hx-nonce={n}>
          {config.demo ? (
            <div class="demo-banner" role="status">
              Demo mode: no real WhatsApp
            </div>
          ) : null}
          <header class="topbar">
            <a class="brand" href="/">
              <img src={staticUrl("logo.svg", version)} alt="" width="22" height="22" /> Pairbox
            </a>
            {user ? (
              <nav class="mainnav" aria-label="Main">
                {NAV.filter((item) => !item.permission || can(user, item.permission)).map((item) => (
                  <a href={item.href} aria-current={props.nav === item.key ? "page" : undefined}>
                    {item.label}
                  </a>
                ))}
              </nav>
            ) : null}
            {user ? <AvailabilitySwitch away={c.get("away") ?? false} /> : null}
            {user ? <NotificationBell count={c.get("unreadNotifications") ?? 0} /> : null}
            {user ? (
              <form method="post" action="/logout" class="signout">
                <input type="hidden" name="_csrf" value={csrfToken()} />
                <span class="who" title={user.email}>
                  {user.name}
                </span>
                <button type="submit" class="link">
                  Sign out
                </button>
              </form>
            ) : null}
          </header>
          <main class={props.wide ? "main wide" : "main"}>{props.children}</main>
          {user ? (
            <BottomBar
              items={NAV.filter((item) => !item.permission || can(user, item.permission))}
              current={props.nav}
            />
          ) : null}
          {user ? <ShortcutsDialog /> : null}
        </body>
      </html>
    </>
  );
}

/** A small centred card for sign-in and set-up. */
export function CardPage(props: { title: string; children: Child }) {
  return (
    <Layout title={props.title}>
      <section class="card narrow">
        <h1>{props.title}</h1>
        {props.children}
      </section>
    </Layout>
  );
}
