import { Hono } from "hono";
import appCss from "../../static/app.css" with { type: "file" };
import appJs from "../../static/app.js" with { type: "file" };
import notesJs from "../../static/notes.js" with { type: "file" };
import threadJs from "../../static/thread.js" with { type: "file" };
import replyAttachJs from "../../static/reply-attach.js" with { type: "file" };
import invoiceJs from "../../static/invoice.js" with { type: "file" };
import shortcutsJs from "../../static/shortcuts.js" with { type: "file" };
import logoSvg from "../../static/logo.svg" with { type: "file" };
import typingJs from "../../static/typing.js" with { type: "file" };
import pushJs from "../../static/push.js" with { type: "file" };
import icon192 from "../../static/icon-192.png" with { type: "file" };
import icon512 from "../../static/icon-512.png" with { type: "file" };
import iconMaskable from "../../static/icon-maskable-512.png" with { type: "file" };
import htmxJs from "htmx.org/dist/htmx.min.js" with { type: "file" };
import hxCspJs from "htmx.org/dist/ext/hx-csp.min.js" with { type: "file" };
import hxSseJs from "htmx.org/dist/ext/hx-sse.min.js" with { type: "file" };
import hxUpsertJs from "htmx.org/dist/ext/hx-upsert.min.js" with { type: "file" };
import type { AppEnv } from "./context.ts";

/**
 * Static files, imported as files so `bun build --compile` embeds them; htmx comes straight from
 * node_modules at its pinned version. URLs carry the app version, so browsers may cache them forever.
 */
const files: Record<string, { path: string; type: string }> = {
  "app.css": { path: appCss, type: "text/css; charset=utf-8" },
  "app.js": { path: appJs, type: "text/javascript; charset=utf-8" },
  "notes.js": { path: notesJs, type: "text/javascript; charset=utf-8" },
  "thread.js": { path: threadJs, type: "text/javascript; charset=utf-8" },
  "reply-attach.js": { path: replyAttachJs, type: "text/javascript; charset=utf-8" },
  "invoice.js": { path: invoiceJs, type: "text/javascript; charset=utf-8" },
  "shortcuts.js": { path: shortcutsJs, type: "text/javascript; charset=utf-8" },
  "logo.svg": { path: logoSvg, type: "image/svg+xml" },
  "typing.js": { path: typingJs, type: "text/javascript; charset=utf-8" },
  "push.js": { path: pushJs, type: "text/javascript; charset=utf-8" },
  "icon-192.png": { path: icon192, type: "image/png" },
  "icon-512.png": { path: icon512, type: "image/png" },
  "icon-maskable-512.png": { path: iconMaskable, type: "image/png" },
  "htmx.min.js": { path: htmxJs, type: "text/javascript; charset=utf-8" },
  "hx-csp.min.js": { path: hxCspJs, type: "text/javascript; charset=utf-8" },
  "hx-sse.min.js": { path: hxSseJs, type: "text/javascript; charset=utf-8" },
  "hx-upsert.min.js": { path: hxUpsertJs, type: "text/javascript; charset=utf-8" },
};

export function staticRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get("/static/:name", async (c) => {
    const file = files[c.req.param("name")];
    if (!file) return c.notFound();
    c.header("Content-Type", file.type);
    c.header("Cache-Control", "public, max-age=31536000, immutable");
    return c.body(await Bun.file(file.path).arrayBuffer());
  });
  return app;
}

export function staticUrl(name: keyof typeof files | string, version: string): string {
  return `/static/${name}?v=${encodeURIComponent(version)}`;
}
