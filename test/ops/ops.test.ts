import { describe, expect, test } from "bun:test";
import { Database } from "bun:sqlite";
import { mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import { installMetrics } from "../../src/ops/metrics.ts";
import { installWebhooks } from "../../src/webhooks/install.ts";
import { insertEndpoint } from "../../src/webhooks/store.ts";
import { addUser, adminSession, postForm, signIn } from "../helpers/app.ts";
import { inbound, makeChannel } from "../inbox/fixtures.ts";
import { api, makeIntegrationApp, makeKey } from "../api/helpers.ts";
import { keyOwner, SECRET } from "../webhooks/fixtures.ts";

const TOKEN = "metrics-token-0123456789";

describe("/metrics", () => {
  test("is off by default: 404, as if it did not exist", async () => {
    const t = makeIntegrationApp();
    const res = await t.request("/metrics");
    expect(res.status).toBe(404);
    expect((await t.request("/metrics", { headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(404);
  });

  test("with a token set, answers only to that token", async () => {
    const t = makeIntegrationApp({ metricsToken: TOKEN });
    expect((await t.request("/metrics")).status).toBe(401);
    expect(
      (await t.request("/metrics", { headers: { authorization: "Bearer wrong-token-wrong-token" } })).status,
    ).toBe(401);
    const ok = await t.request("/metrics", { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(ok.status).toBe(200);
    expect(ok.headers.get("content-type")).toStartWith("text/plain; version=0.0.4");
  });

  test("reports messages per channel, channel status, send failures, webhook and job queues, and HTTP latency", async () => {
    const t = makeIntegrationApp({ metricsToken: TOKEN });
    installMetrics(t.services, t.core);
    installWebhooks(t.services, { ...t.core, secret: SECRET });
    insertEndpoint(
      t.db,
      { name: "", url: "http://127.0.0.1:9/", events: ["message.inbound"], channelIds: [], active: true },
      0,
      keyOwner(t.db),
    );
    const a = makeChannel(t.db);
    t.services.ingest.ingest(inbound(a));
    t.services.ingest.ingest(inbound(a));
    const conv = t.db.query<{ id: number }, []>("SELECT id FROM conversations").get()!.id;
    const out = t.services.outbox.queue({
      conversationId: conv,
      channelId: a,
      userId: null,
      type: "text",
      text: "x",
      media: null,
      idempotencyKey: null,
    });
    t.db
      .query("UPDATE messages SET status = 'failed', error = 'Number not on WhatsApp' WHERE id = ?")
      .run(out.id);
    t.services.hub.publish({ type: "message.status", channelId: a, conversationId: conv, messageId: out.id });
    t.services.hub.publish({ type: "message.status", channelId: a, conversationId: conv, messageId: out.id }); // announced twice, failed once
    await t.request("/healthz");

    const text = await (
      await t.request("/metrics", { headers: { authorization: `Bearer ${TOKEN}` } })
    ).text();
    expect(text).toContain(`pairbox_messages_total{channel_id="${a}",direction="inbound"} 2`);
    expect(text).toContain(`pairbox_messages_total{channel_id="${a}",direction="outbound"} 1`);
    expect(text).toContain(`pairbox_send_failures_total{channel_id="${a}"} 1`);
    expect(text).toContain(
      `pairbox_channel_status{channel_id="${a}",channel="Line 0100",status="connected"} 1`,
    );
    expect(text).toContain(`pairbox_channel_status{channel_id="${a}",channel="Line 0100",status="error"} 0`);
    expect(text).toContain(`pairbox_webhook_deliveries{status="pending"} 2`);
    expect(text).toContain(`pairbox_jobs{kind="webhook.deliver",status="pending"} 2`);
    expect(text).toContain(
      `pairbox_http_request_duration_seconds_count{method="GET",route="/healthz",status="200"} 1`,
    );
    expect(text).toMatch(
      /pairbox_http_request_duration_seconds_bucket\{method="GET",route="\/healthz",status="200",le="\+Inf"\} 1/,
    );

    // Counted incrementally: a later scrape adds only what is new.
    t.services.ingest.ingest(inbound(a));
    const again = await (
      await t.request("/metrics", { headers: { authorization: `Bearer ${TOKEN}` } })
    ).text();
    expect(again).toContain(`pairbox_messages_total{channel_id="${a}",direction="inbound"} 3`);
  });
});

describe("request logs", () => {
  test("one JSON line per request with its request id; keys, tokens and signed-link signatures never appear", async () => {
    const lines: string[] = [];
    // No redaction here on purpose: what the request log writes must be clean by itself.
    const logger = pino({ level: "debug" }, { write: (s: string) => lines.push(s) });
    const t = makeIntegrationApp({ metricsToken: TOKEN });
    t.deps.logger = logger;
    const a = makeChannel(t.db);
    const key = makeKey(t, [a]);
    const res = await api(t, key, "/api/v1/channels");
    await t.request(`/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
    await t.request(`/api/media/1?expires=99999999999&sig=SECRET-SIGNATURE`);

    const entries = lines.map((l) => JSON.parse(l));
    const channelsLine = entries.find((e) => e.path === "/api/v1/channels")!;
    expect(channelsLine).toMatchObject({
      msg: "request",
      method: "GET",
      route: "/api/v1/channels",
      status: 200,
      apiKeyId: 1,
    });
    expect(channelsLine.requestId).toBe(res.headers.get("x-request-id"));
    const all = lines.join("\n");
    expect(all).not.toContain(key);
    expect(all).not.toContain(TOKEN);
    expect(all).not.toContain("SECRET-SIGNATURE");
  });
});

describe("backup page", () => {
  test("an admin downloads a consistent database that opens and passes integrity_check; the temporary copy is gone", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "pairbox-dl-"));
    const t = makeIntegrationApp({ dataDir });
    const a = makeChannel(t.db);
    t.services.ingest.ingest(inbound(a, { text: "keep me" }));
    const admin = await adminSession(t);
    expect((await t.request("/settings/backup", { session: admin })).status).toBe(200);
    const res = await postForm(t, "/settings/backup/download", admin, {});
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="pairbox-.*\.db"$/);
    const file = join(mkdtempSync(join(tmpdir(), "pairbox-dl-out-")), "backup.db");
    await Bun.write(file, await res.arrayBuffer());
    const copy = new Database(file, { readonly: true });
    expect(copy.query<{ integrity_check: string }, []>("PRAGMA integrity_check").get()!.integrity_check).toBe(
      "ok",
    );
    expect(copy.query<{ text: string }, []>("SELECT text FROM messages").get()!.text).toBe("keep me");
    copy.close();
    expect(readdirSync(dataDir).filter((f) => f.startsWith(".backup-download-"))).toEqual([]);
  });

  test("agents cannot download backups", async () => {
    const t = makeIntegrationApp();
    await addUser(t, "agent@example.com");
    const agent = await signIn(t, "agent@example.com");
    expect((await postForm(t, "/settings/backup/download", agent, {})).status).toBe(403);
    expect((await t.request("/settings/backup", { session: agent })).status).toBe(403);
  });
});
