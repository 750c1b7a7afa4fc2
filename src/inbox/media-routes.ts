import { Hono } from "hono";
import type { AppEnv } from "../web/context.ts";
import { idParam } from "../web/forms.ts";
import { currentUser } from "../auth/middleware.ts";
import { findAccessibleChannel } from "../channels/access.ts";
import { findMessage } from "../messaging/store.ts";
import { safeFileName } from "../file-name.ts";

/**
 * The types a file is ever served as: still images, audio, video and PDF. Anything else (an
 * executable, HTML, SVG, which is an image that runs script) is application/octet-stream, so a
 * stored file can never run as a page on our origin or be opened by the type its sender claimed.
 */
const SERVABLE =
  /^(image\/(jpeg|png|webp|gif)|audio\/(ogg|mpeg|mp4|aac|opus|webm|wav|amr)|video\/(mp4|3gpp|webm|quicktime)|application\/pdf)$/;

export function servedType(mime: string | null | undefined): string {
  const base = (mime ?? "").split(";")[0]!.trim().toLowerCase();
  return SERVABLE.test(base) ? base : "application/octet-stream";
}

/** Headers for a stored file: inline only when asked and its type is servable, always nosniff. */
export function fileHeaders(
  mime: string | null | undefined,
  name: string,
  wantInline: boolean,
): Record<string, string> {
  const type = servedType(mime);
  const inline = wantInline && type !== "application/octet-stream";
  return {
    "Content-Type": type,
    "Content-Disposition": contentDisposition(inline ? "inline" : "attachment", name),
    "X-Content-Type-Options": "nosniff",
  };
}

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
    const headers = fileHeaders(
      m.media_mime,
      m.media_filename || `${m.type}-${m.id}`,
      c.req.query("download") === undefined,
    );
    for (const [name, value] of Object.entries(headers)) c.header(name, value);
    c.header("Cache-Control", "private, max-age=86400, immutable");
    c.header("Content-Length", String(file.size));
    return c.body(file.stream());
  });
  return app;
}
