import { Hono } from "hono";
import type { AppEnv } from "../web/context.ts";
import { idParam, readForm } from "../web/forms.ts";
import { currentUser, requirePermission } from "../auth/middleware.ts";
import { storeUpload } from "../inbox/upload.tsx";
import { contentDisposition } from "../inbox/media-routes.ts";
import { recordHref } from "./fields.ts";
import { routeRecord } from "./route-params.ts";
import { recordPageData } from "./page-data.ts";
import { RecordPage } from "./views/show.tsx";
import { deleteAttachment, getAttachment, insertAttachment, isPreviewableImage } from "./attachments.ts";

/**
 * Files on a record. Any signed-in user may read them (records are shared); adding and removing
 * needs records.edit. Downloads never render as a page: only plain images are inline, with nosniff.
 */
export function attachmentRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const edit = requirePermission("records.edit");

  app.post("/records/:types/:id/attachments", edit, async (c) => {
    const row = routeRecord(c);
    if (!row) return c.notFound();
    const { db, clock } = c.get("deps");
    const stored = await storeUpload(c, (await readForm(c)).file);
    if (!stored.ok || !stored.file) {
      const error = stored.ok ? "Choose a file to upload." : stored.error;
      return c.html(
        <RecordPage {...recordPageData(db, currentUser(c), row)} attachmentError={error} />,
        stored.ok ? 422 : 413,
      );
    }
    insertAttachment(db, row.id, stored.file, clock(), currentUser(c).id);
    return c.redirect(`${recordHref(row.type, row.id)}#attachments`, 303);
  });

  app.get("/records/:types/:id/attachments/:aid", async (c) => {
    const row = routeRecord(c);
    const { db, services } = c.get("deps");
    const a = row ? getAttachment(db, row.id, idParam(c.req.param("aid")) ?? 0) : null;
    if (!a) return c.notFound();
    const file = Bun.file(services.media.path(a.sha256));
    if (!(await file.exists())) return c.notFound();
    const inline = isPreviewableImage(a.mime) && c.req.query("download") === undefined;
    c.header("Content-Type", inline ? a.mime : "application/octet-stream");
    c.header("Content-Disposition", contentDisposition(inline ? "inline" : "attachment", a.file_name));
    c.header("X-Content-Type-Options", "nosniff");
    c.header("Cache-Control", "private, max-age=3600");
    c.header("Content-Length", String(file.size));
    return c.body(file.stream());
  });

  app.post("/records/:types/:id/attachments/:aid/delete", edit, (c) => {
    const row = routeRecord(c);
    const aid = idParam(c.req.param("aid"));
    if (!row || !aid) return c.notFound();
    deleteAttachment(c.get("deps").db, row.id, aid);
    return c.redirect(`${recordHref(row.type, row.id)}#attachments`, 303);
  });

  return app;
}
