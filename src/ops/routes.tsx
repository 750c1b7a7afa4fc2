import { Hono, type MiddlewareHandler } from "hono";
import { existsSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { timingSafeEqual } from "node:crypto";
import type { AppEnv } from "../web/context.ts";
import { guardSection, currentUser } from "../auth/middleware.ts";
import { holdsEveryPermission } from "../auth/principal.ts";
import { BackupPage } from "./views/backup.tsx";
import { backupDatabase, backupFileName } from "./backup.ts";
import { metricsFor } from "./metrics.ts";

function tokenMatches(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Streams a file, then deletes it: when the download ends, or when the browser gives up. */
function streamThenDelete(path: string): ReadableStream<Uint8Array> {
  const reader = Bun.file(path).stream().getReader();
  const cleanup = () => rmSync(path, { force: true });
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { done, value } = await reader.read();
        if (done) {
          controller.close();
          cleanup();
        } else controller.enqueue(value);
      } catch (err) {
        cleanup();
        controller.error(err);
      }
    },
    async cancel() {
      await reader.cancel().catch(() => {});
      cleanup();
    },
  });
}

/**
 * A backup is the whole database: password hashes, WhatsApp device keys, webhook and workflow
 * secrets, every channel's messages. Only someone who holds every permission may take one.
 */
const requireEveryPermission: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (!holdsEveryPermission(c.get("user")))
    return c.text(
      "Forbidden: a backup holds every secret (password hashes, WhatsApp device keys, webhook secrets), so it needs someone holding every permission.",
      403,
    );
  await next();
};

export function opsRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  /** Off (404, as if absent) unless a token is configured; then only a request bearing it is answered. */
  app.get("/metrics", (c) => {
    const { config, db } = c.get("deps");
    if (!config.metricsToken) return c.notFound();
    const given = /^Bearer\s+(\S+)$/i.exec(c.req.header("authorization") ?? "")?.[1] ?? "";
    if (!tokenMatches(given, config.metricsToken)) {
      c.header("WWW-Authenticate", 'Bearer realm="pairbox-metrics"');
      return c.text("Unauthorized: send the metrics token as Authorization: Bearer <token>.\n", 401);
    }
    return c.text(metricsFor(db).render(db), 200, {
      "Content-Type": "text/plain; version=0.0.4; charset=utf-8",
      "Cache-Control": "no-store",
    });
  });

  guardSection(app, "/settings/backup", requireEveryPermission);

  app.get("/settings/backup", (c) => {
    const dbPath = join(resolve(c.get("deps").config.dataDir), "pairbox.db");
    return c.html(<BackupPage dbBytes={existsSync(dbPath) ? statSync(dbPath).size : null} />);
  });

  /** POST, not a link: a backup takes real work and must never be set off by a prefetch or a crawler. */
  app.post("/settings/backup/download", (c) => {
    const { db, config, clock, logger } = c.get("deps");
    const dataDir = resolve(config.dataDir);
    // Written next to the database, where there is room for a copy of it, and deleted once sent.
    const dir = existsSync(dataDir) ? dataDir : tmpdir();
    const path = join(dir, `.backup-download-${crypto.randomUUID()}.db`);
    let bytes: number;
    try {
      ({ bytes } = backupDatabase(db, path));
    } catch (err) {
      logger.error({ err }, "backup for download failed");
      return c.html(
        <BackupPage dbBytes={null} error={`The backup failed: ${(err as Error).message}`} />,
        500,
      );
    }
    logger.info({ userId: currentUser(c).id, bytes }, "database backup downloaded");
    return c.body(streamThenDelete(path), 200, {
      "Content-Type": "application/vnd.sqlite3",
      "Content-Disposition": `attachment; filename="${backupFileName(clock())}"`,
      "Content-Length": String(bytes),
      "Cache-Control": "no-store",
    });
  });

  return app;
}
