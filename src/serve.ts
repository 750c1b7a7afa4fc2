import { createApp } from "./app.ts";
import { bootstrapAdmin } from "./auth/bootstrap.ts";
import { announceSetupLink } from "./auth/setup-token.ts";
import { pruneExpiredSessions } from "./auth/sessions.ts";
import { prepareDataDir, loadOrCreateSecret, restrictModes, DataDirError, type DataDir } from "./data-dir.ts";
import { migrate, MigrationError } from "./db/migrate.ts";
import { openDatabase } from "./db/open.ts";
import { createLogger } from "./log.ts";
import { systemClock } from "./clock.ts";
import { createMediaStore } from "./whatsapp/media-store.ts";
import { selectDriver } from "./whatsapp/select.ts";
import { createEngine } from "./channels/engine.ts";
import { installWebhooks } from "./webhooks/install.ts";
import { installWorkflows } from "./workflows/install.ts";
import { installPush } from "./push/install.ts";
import { installAssignment } from "./assignment/install.ts";
import { linkConversation } from "./records/public.ts";
import { listen } from "./web/listen.ts";
import type { Config } from "./config.ts";
import { VERSION } from "./version.ts";

/**
 * The server: data dir → database → migrations → media store → driver → services and channel
 * sessions → features that hook into them → jobs → app → listen → sessions reconnect. Loaded by
 * main.ts only for `serve`, so `--help`, `version` and `healthcheck` never load (or evaluate) the
 * app, the database code or the WhatsApp engine. Every failure is one plain line.
 */
export async function serve(config: Config): Promise<number> {
  const logger = createLogger(config.logLevel);
  let dataDir: DataDir;
  try {
    dataDir = prepareDataDir(config.dataDir);
  } catch (err) {
    if (err instanceof DataDirError) {
      console.error(`pairbox: ${err.message}`);
      return 2;
    }
    throw err;
  }
  const looseModes = restrictModes(dataDir);
  if (looseModes.length > 0)
    logger.warn({ paths: looseModes }, "could not make these data files private to this user");
  const db = openDatabase(dataDir.dbPath);
  try {
    migrate(db);
  } catch (err) {
    if (err instanceof MigrationError) {
      console.error(`pairbox: ${err.message}`);
      db.close();
      return 1;
    }
    throw err;
  }
  const secret = loadOrCreateSecret(dataDir, config.sessionSecret);
  await bootstrapAdmin(db, config.adminEmail, config.adminPassword, systemClock(), logger);
  pruneExpiredSessions(db, systemClock());

  // A last safety net: one channel's stray socket error must never take the whole process down.
  process.on("unhandledRejection", (err) => logger.error({ err }, "unhandled promise rejection"));
  process.on("uncaughtException", (err) => logger.error({ err }, "uncaught exception"));

  const clock = systemClock;
  const core = { db, config, logger, clock };
  const media = createMediaStore(dataDir.mediaDir);
  const driver = await selectDriver({ ...core, maxMediaBytes: config.maxUploadBytes });
  const { services, sessions } = createEngine(core, { media, driver, link: linkConversation });

  // Features that plug into the running services: one line each.
  const stopWebhooks = installWebhooks(services, { ...core, secret });
  installWorkflows(services, core);
  installPush(services, core);
  installAssignment(services, core);

  services.jobs.start();

  const app = createApp({ ...core, secret, version: VERSION, services, sessions });
  const listening = listen(config, app.fetch);
  if (!listening.ok) {
    console.error(`pairbox: ${listening.message}`);
    stopWebhooks();
    await services.jobs.stop();
    db.close();
    return 1;
  }
  const server = listening.server;
  logger.info(
    {
      url: `http://${config.host}:${server.port}`,
      dataDir: dataDir.root,
      driver: driver.kind,
      demo: config.demo,
      version: VERSION,
    },
    "Pairbox is listening",
  );
  announceSetupLink(db, config.baseUrl, logger);
  await sessions.startAll();
  // Sends accepted before a restart go once their channels are back (each send waits briefly for its channel).
  void services.outbox.resume().catch((err) => logger.error({ err }, "could not resume queued sends"));
  void services.actions
    .resume()
    .catch((err) => logger.error({ err }, "could not resume queued message actions"));

  return await new Promise<number>((resolveExit) => {
    let stopping = false;
    const shutdown = async (signal: string) => {
      if (stopping) return;
      stopping = true;
      logger.info({ signal }, "shutting down: finishing in-flight requests");
      // Live streams (inbox, channel pages) never finish by themselves: give requests a moment, then close.
      await Promise.race([server.stop(false), Bun.sleep(5000)]);
      await server.stop(true);
      await sessions.stopAll();
      stopWebhooks();
      await services.jobs.stop();
      db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
      db.close();
      logger.info("stopped cleanly");
      resolveExit(0);
    };
    process.on("SIGTERM", () => void shutdown("SIGTERM"));
    process.on("SIGINT", () => void shutdown("SIGINT"));
  });
}
