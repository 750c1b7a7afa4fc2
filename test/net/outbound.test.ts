import { afterEach, describe, expect, test } from "bun:test";
import { createHmac } from "node:crypto";
import { api, makeIntegrationApp, makeKey } from "../api/helpers.ts";
import { makeChannel, inbound } from "../inbox/fixtures.ts";
import { installWebhooks } from "../../src/webhooks/install.ts";
import { insertEndpoint, listDeliveries } from "../../src/webhooks/store.ts";
import { keyOwner, makeServices, SECRET, startReceiver } from "../webhooks/fixtures.ts";
import { addWorkflow, createRecord, makeWorkflowServices, runsOf } from "../workflows/fixtures.ts";

const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

function fileServer(handler: (req: Request) => Response = () => new Response(new Uint8Array([1, 2, 3]))) {
  let hits = 0;
  const s = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    fetch(req) {
      hits += 1;
      return handler(req);
    },
  });
  cleanups.push(() => s.stop(true));
  return { url: `http://127.0.0.1:${s.port}`, port: s.port, hits: () => hits };
}

const json = async (res: Response) => (await res.json()) as Record<string, any>;

/**
 * Tests must only ever talk to loopback: while one runs, any request to another address is
 * recorded and refused here instead of leaving the machine (so a regression fails, quietly).
 */
function loopbackOnly(): string[] {
  const elsewhere: string[] = [];
  const real = globalThis.fetch;
  const guard = (input: string | URL | Request, init?: RequestInit) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    if (url.hostname !== "127.0.0.1" && url.hostname !== "localhost" && url.hostname !== "[::1]") {
      elsewhere.push(url.host);
      return Promise.reject(new Error("test guard: not a loopback address"));
    }
    return real(input, init);
  };
  globalThis.fetch = Object.assign(guard, { preconnect: real.preconnect }) as typeof fetch;
  cleanups.push(() => {
    globalThis.fetch = real;
  });
  return elsewhere;
}

function sendMedia(t: ReturnType<typeof makeIntegrationApp>, channelId: number, url: string) {
  return api(t, makeKey(t, [channelId]), "/api/v1/messages", {
    method: "POST",
    json: { channel_id: channelId, to: "+447700900333", media: { url, file_name: "a.png" } },
  });
}

describe("media by URL for API senders reaches only public addresses", () => {
  test("a loopback URL is refused without a request, in words that reveal nothing about the host", async () => {
    const t = makeIntegrationApp();
    const a = makeChannel(t.db);
    const inside = fileServer();
    const res = await sendMedia(t, a, `${inside.url}/admin`);
    expect(res.status).toBe(422);
    const body = await json(res);
    expect(body).toMatchObject({ error: "media_fetch_failed", reason: "address_not_allowed" });
    expect(body.message).toBe("media.url: could not fetch media from that URL (address_not_allowed).");
    expect(inside.hits()).toBe(0);
    expect(t.db.query<{ n: number }, []>("SELECT count(*) AS n FROM messages").get()!.n).toBe(0);
  });

  test("an open and a closed private port answer exactly alike", async () => {
    const t = makeIntegrationApp();
    const a = makeChannel(t.db);
    const open = fileServer();
    const closed = fileServer();
    const closedUrl = closed.url;
    cleanups.pop()!();
    const one = await json(await sendMedia(t, a, `${open.url}/x`));
    const two = await json(await sendMedia(t, a, `${closedUrl}/x`));
    expect(one).toEqual(two);
  });

  test("with the host on PAIRBOX_FETCH_ALLOW the file is fetched, but a redirect to another private host is not", async () => {
    const t = makeIntegrationApp({ fetchAllow: ["localhost"] });
    const a = makeChannel(t.db);
    const files = fileServer(
      () =>
        new Response(new Uint8Array([0x89, 0x50, 0x4e, 0x47]), { headers: { "content-type": "image/png" } }),
    );
    const ok = await sendMedia(t, a, `http://localhost:${files.port}/cat.png`);
    expect(ok.status).toBe(202);
    expect((await json(ok)).message.media).toMatchObject({ mime: "image/png", size: 4 });

    const inside = fileServer();
    const bouncer = fileServer(() => Response.redirect(`${inside.url}/secret`, 302));
    const bounced = await sendMedia(t, a, `http://localhost:${bouncer.port}/a.png`);
    expect(bounced.status).toBe(422);
    expect((await json(bounced)).reason).toBe("address_not_allowed");
    expect(inside.hits()).toBe(0);
  });
});

describe("webhooks and workflow webhook steps", () => {
  test("a webhook to a cloud metadata address is never called, and the log says why", async () => {
    const elsewhere = loopbackOnly();
    const t = makeServices();
    const ep = insertEndpoint(
      t.db,
      {
        name: "",
        url: "http://169.254.169.254/latest/meta-data/",
        events: ["message.inbound"],
        channelIds: [],
        active: true,
      },
      0,
      keyOwner(t.db),
    );
    installWebhooks(t.services, { ...t.core, secret: SECRET });
    t.services.ingest.ingest(inbound(makeChannel(t.db)));
    await t.services.jobs.drain();
    const [d] = listDeliveries(t.db, ep.id, 10);
    expect(d!.status).toBe("failed");
    expect(d!.attempts).toBe(1);
    expect(d!.last_error).toContain("169.254.169.254");
    expect(d!.last_error).toContain("PAIRBOX_FETCH_ALLOW");
    expect(elsewhere).toEqual([]);
  });

  test("the delivery log keeps at most 512 bytes of a receiver's answer", async () => {
    const t = makeServices();
    const noisy = fileServer(() => new Response("<html>".padEnd(50_000, "x"), { status: 500 }));
    const ep = insertEndpoint(
      t.db,
      { name: "", url: `${noisy.url}/hook`, events: ["message.inbound"], channelIds: [], active: true },
      0,
      keyOwner(t.db),
    );
    installWebhooks(t.services, { ...t.core, secret: SECRET });
    t.services.ingest.ingest(inbound(makeChannel(t.db)));
    await t.services.jobs.drain();
    const [d] = listDeliveries(t.db, ep.id, 10);
    expect(d!.response_status).toBe(500);
    expect(d!.response_body!.length).toBe(512);
  });

  test("a workflow webhook step is signed like a webhook, with its workflow's secret", async () => {
    const t = makeWorkflowServices();
    const channelId = makeChannel(t.db);
    createRecord(t, "contact", { name: "Ann Lee", phone: "+447700900123" });
    const r = startReceiver();
    cleanups.push(r.stop);
    const flow = addWorkflow(t, "contact", [{ kind: "webhook", url: r.url }], { name: "Forward" });
    t.services.ingest.ingest(inbound(channelId, { peerPhone: "+447700900123", text: "sign me" }));
    await t.drain();
    expect(runsOf(t, flow)[0]!.status).toBe("done");
    const secret = t.db
      .query<{ webhook_secret: string }, [number]>("SELECT webhook_secret FROM workflows WHERE id = ?")
      .get(flow)!.webhook_secret;
    expect(secret).toStartWith("whsec_");
    const req = r.received[0]!;
    const ts = req.headers.get("x-pairbox-timestamp")!;
    const expected = createHmac("sha256", secret).update(`${ts}.${req.body}`).digest("hex");
    expect(req.headers.get("x-pairbox-signature")).toBe(`sha256=${expected}`);
    expect(req.headers.get("x-pairbox-event")).toBe("workflow.webhook");
    expect(req.headers.get("x-pairbox-delivery")).toMatch(/^wf:\d+:0$/);
  });

  test("a workflow webhook step to a metadata address fails at once and sends nothing", async () => {
    const elsewhere = loopbackOnly();
    const t = makeWorkflowServices();
    const channelId = makeChannel(t.db);
    createRecord(t, "contact", { name: "Ann Lee", phone: "+447700900123" });
    const flow = addWorkflow(t, "contact", [{ kind: "webhook", url: "http://[fd00:ec2::254]/latest" }]);
    t.services.ingest.ingest(inbound(channelId, { peerPhone: "+447700900123", text: "x" }));
    await t.drain();
    const [run] = runsOf(t, flow);
    expect(run!.status).toBe("failed");
    expect(run!.error).toContain("fd00:ec2::254");
    expect(elsewhere).toEqual([]);
  });
});
