import { Hono } from "hono";
import { raw } from "hono/html";
import swJs from "../../static/sw.js" with { type: "file" };
import type { AppEnv } from "./context.ts";
import { staticUrl } from "./static.ts";

/** The app's colours in the browser's chrome (title bar, task switcher), light and dark. */
export const THEME = { light: "#0f7a6e", dark: "#12332f", background: "#f5f6f8" };

/** The web app manifest: what a phone or desktop needs to install Pairbox and open it on the inbox. */
export function manifest(version: string) {
  return {
    id: "/inbox",
    name: "Pairbox",
    short_name: "Pairbox",
    description: "Shared WhatsApp inbox",
    start_url: "/inbox",
    scope: "/",
    display: "standalone",
    background_color: THEME.background,
    theme_color: THEME.light,
    icons: [
      { src: staticUrl("icon-192.png", version), sizes: "192x192", type: "image/png", purpose: "any" },
      { src: staticUrl("icon-512.png", version), sizes: "512x512", type: "image/png", purpose: "any" },
      {
        src: staticUrl("icon-maskable-512.png", version),
        sizes: "512x512",
        type: "image/png",
        purpose: "maskable",
      },
    ],
  };
}

/** The service worker's own address: at the root so it may control every page, versioned so an upgrade installs anew. */
export function serviceWorkerUrl(version: string): string {
  return `/sw.js?v=${encodeURIComponent(version)}`;
}

/**
 * The installable app's public parts: manifest, service worker and the offline page the worker keeps.
 * They are the same for everyone and carry nothing of anyone's (the offline page is rendered without
 * the session), so they are reachable before signing in.
 */
export function appShellRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get("/manifest.webmanifest", (c) => {
    c.header("Content-Type", "application/manifest+json; charset=utf-8");
    c.header("Cache-Control", "no-cache");
    return c.body(JSON.stringify(manifest(c.get("deps").version)));
  });

  app.get("/sw.js", async (c) => {
    c.header("Content-Type", "text/javascript; charset=utf-8");
    // Browsers check for a new worker at most daily anyway; no-cache makes an upgrade show at once.
    c.header("Cache-Control", "no-cache");
    c.header("Service-Worker-Allowed", "/");
    return c.body(await Bun.file(swJs).text());
  });

  app.get("/offline", (c) => {
    const { version } = c.get("deps");
    c.header("Cache-Control", "no-cache");
    return c.html(
      <>
        {raw("<!DOCTYPE html>")}
        <html lang="en">
          <head>
            <meta charset="utf-8" />
            <meta name="viewport" content="width=device-width, initial-scale=1" />
            <title>Offline · Pairbox</title>
            <link rel="stylesheet" href={staticUrl("app.css", version)} />
          </head>
          <body>
            <main class="main">
              <section class="error-page">
                <h1>You are offline</h1>
                <p class="muted">
                  Pairbox needs the network to show conversations. They are never kept on this device.
                </p>
                <p>
                  <a class="button" href="/inbox">
                    Try again
                  </a>
                </p>
              </section>
            </main>
          </body>
        </html>
      </>,
    );
  });

  return app;
}
