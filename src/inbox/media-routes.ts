import { Hono } from "hono";
import type { AppEnv } from "../web/context.ts";
import { idParam } from "../web/forms.ts";
import { currentUser } from "../auth/middleware.ts";
import { findAccessibleChannel } from "../channels/access.ts";
import { findMessage } from "./store.ts";
import { safeFileName } from "../file-name.ts";

/** Types a browser may show inline; anything else is always a download, so a stored file can never run as a page. */
const INLINE = /^(image\/(jpeg|png|webp|gif)|audio\/(ogg|mpeg|mp4|aac|opus)|video\/(mp4|3gpp))$/;

/** Content-Disposition with an ASCII fallback and the exact UTF-8 name (RFC 6266). */
export function contentDisposition(kind: "inline" | "attachment", name: string): string {
  const fileName = safeFileName(name) ?? "file";
  const ascii = fileName.replace(/[^\x20-\x7e]|["\\]/g, "_").slice(0, 150) || "file";
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName.slice(0, 200))}`;
}

export function mediaRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get("/media/:messageId", async (c) => {
    const { db, services } = c.get("deps");
    const id = idParam(c.req.param("messageId"));
    const m = id ? findMessage(db, id) : null;
    // One answer for "no such message", "not yours" and "no media": nothing leaks which is true.
    if (
      !m?.media_sha256 ||
      m.media_status !== "stored" ||
      !findAccessibleChannel(db, currentUser(c), m.channel_id)
    )
      return c.notFound();
    const file = Bun.file(services.media.path(m.media_sha256));
    if (!(await file.exists())) return c.notFound();
    const mime = m.media_mime ?? "application/octet-stream";
    const inline = INLINE.test(mime) && c.req.query("download") === undefined;
    c.header("Content-Type", inline ? mime : "application/octet-stream");
    c.header(
      "Content-Disposition",
      contentDisposition(inline ? "inline" : "attachment", m.media_filename || `${m.type}-${m.id}`),
    );
    c.header("X-Content-Type-Options", "nosniff");
    c.header("Cache-Control", "private, max-age=86400, immutable");
    c.header("Content-Length", String(file.size));
    return c.body(file.stream());
  });
  return app;
}
