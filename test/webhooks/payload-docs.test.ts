import { afterEach, describe, expect, test } from "bun:test";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { installWebhooks } from "../../src/webhooks/install.ts";
import { insertEndpoint, listDeliveries } from "../../src/webhooks/store.ts";
import { inbound, makeChannel } from "../inbox/fixtures.ts";
import { keyOwner, makeServices, SECRET, startReceiver } from "./fixtures.ts";

const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

const README = await Bun.file(join(import.meta.dir, "../../README.md")).text();

/** The README's "Verifying the signature" snippet, loaded as a module, exactly as a reader would copy it. */
async function readmeVerify(): Promise<
  (secret: string, headers: Record<string, string>, rawBody: string) => boolean
> {
  const section = README.slice(README.indexOf("**Verifying the signature**"));
  const code = /```js\n([\s\S]*?)```/.exec(section)?.[1];
  if (!code) throw new Error("no js snippet under Verifying the signature");
  const file = join(mkdtempSync(join(tmpdir(), "pairbox-readme-")), "verify.mjs");
  writeFileSync(file, `${code}\nexport { verify };\n`);
  return (await import(file)).verify;
}

function setup() {
  const t = makeServices();
  const channelId = makeChannel(t.db);
  installWebhooks(t.services, { ...t.core, secret: SECRET });
  return { t, channelId };
}

describe("webhook payloads are what the README says", () => {
  test("message.inbound's conversation.last_message_at is this message's time, also in a new conversation", () => {
    const { t, channelId } = setup();
    const ep = insertEndpoint(
      t.db,
      { name: "", url: "http://127.0.0.1:9/", events: ["message.inbound"], channelIds: [], active: true },
      0,
      keyOwner(t.db),
    );
    const first = inbound(channelId, { timestamp: 1_700_000_100_000 });
    const second = inbound(channelId, { timestamp: 1_700_000_200_000 });
    t.services.ingest.ingest(first);
    t.services.ingest.ingest(second);
    const bodies = listDeliveries(t.db, ep.id, 10)
      .reverse()
      .map((d) => JSON.parse(d.body));
    expect(bodies.map((b) => b.data.conversation.last_message_at)).toEqual([
      new Date(first.timestamp).toISOString(),
      new Date(second.timestamp).toISOString(),
    ]);
    expect(bodies.map((b) => b.data.message.timestamp)).toEqual([
      new Date(first.timestamp).toISOString(),
      new Date(second.timestamp).toISOString(),
    ]);
  });

  test("the README's verify() accepts a real delivery with the whole secret, whsec_ included", async () => {
    const { t, channelId } = setup();
    const r = startReceiver();
    cleanups.push(r.stop);
    const ep = insertEndpoint(
      t.db,
      { name: "", url: r.url, events: ["message.inbound"], channelIds: [], active: true },
      0,
      keyOwner(t.db),
    );
    expect(ep.secret).toStartWith("whsec_");
    t.services.ingest.ingest(inbound(channelId, { text: "verify me" }));
    await t.services.jobs.drain();
    const req = r.received[0]!;
    const headers = Object.fromEntries(req.headers.entries());
    const verify = await readmeVerify();
    // The README's check refuses signatures older than 5 minutes; the fixture's clock is in 2026.
    const realNow = Date.now;
    Date.now = () => t.clock();
    try {
      expect(verify(ep.secret, headers, req.body)).toBe(true);
      expect(verify(ep.secret.slice("whsec_".length), headers, req.body)).toBe(false);
      expect(verify(ep.secret, headers, `${req.body} `)).toBe(false);
    } finally {
      Date.now = realNow;
    }
  });

  test("the README documents media as media.url and media.signed_url, and the real payload has them", () => {
    const webhooks = README.slice(README.indexOf("### Webhooks"), README.indexOf("### REST API"));
    expect(webhooks).not.toContain("media_url");
    expect(webhooks).toContain("media.signed_url");
    expect(webhooks).toContain("last_message_at");
  });
});
