import { afterEach, describe, expect, test } from "bun:test";
import { inbound, makeChannel } from "../inbox/fixtures.ts";
import { revokeApiKey } from "../../src/api/keys-store.ts";
import { api, makeIntegrationApp, makeKey, type IntegrationApp } from "./helpers.ts";

const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

/** Two channels with a conversation each: A (+1…0100) and B (+1…0200). */
function twoChannels(overrides: Parameters<typeof makeIntegrationApp>[0] = {}) {
  const t = makeIntegrationApp(overrides);
  const a = makeChannel(t.db, "+14155550100");
  const b = makeChannel(t.db, "+14155550200");
  const inA = t.services.ingest.ingest(inbound(a, { text: "for A", peerPhone: "+447700900111" }));
  const inB = t.services.ingest.ingest(inbound(b, { text: "for B", peerPhone: "+447700900222" }));
  if (!inA.stored || !inB.stored) throw new Error("fixture messages not stored");
  return {
    t,
    a,
    b,
    convA: inA.conversationId,
    convB: inB.conversationId,
    msgA: inA.messageId,
    msgB: inB.messageId,
  };
}

const json = async (res: Response) => (await res.json()) as Record<string, any>;

describe("API keys", () => {
  test("no key, an unknown key or a revoked key gets a JSON 401; Bearer and X-Api-Key both work", async () => {
    const { t, a } = twoChannels();
    const key = makeKey(t, [a], "read");
    const none = await api(t, null, "/api/v1/channels");
    expect(none.status).toBe(401);
    expect(none.headers.get("www-authenticate")).toContain("Bearer");
    expect((await json(none)).error).toBe("unauthorized");
    expect((await api(t, "pbx_not-a-real-key", "/api/v1/channels")).status).toBe(401);
    expect((await api(t, key, "/api/v1/channels")).status).toBe(200);
    expect(
      (await t.app.request("http://localhost:3000/api/v1/channels", { headers: { "x-api-key": key } }))
        .status,
    ).toBe(200);
    revokeApiKey(t.db, 1, t.clock());
    expect((await api(t, key, "/api/v1/channels")).status).toBe(401);
  });

  test("a key for channel A cannot see channel B: every B resource answers 404", async () => {
    const { t, a, b, convB, msgB } = twoChannels();
    const key = makeKey(t, [a], "manage");
    const channels = await json(await api(t, key, "/api/v1/channels"));
    expect(channels.data.map((c: { id: number }) => c.id)).toEqual([a]);
    const conversations = await json(await api(t, key, "/api/v1/conversations"));
    expect(conversations.data.map((c: { channel_id: number }) => c.channel_id)).toEqual([a]);
    for (const path of [
      `/api/v1/channels/${b}`,
      `/api/v1/channels/${b}/qr`,
      `/api/v1/conversations?channel_id=${b}`,
      `/api/v1/conversations/${convB}`,
      `/api/v1/conversations/${convB}/messages`,
      `/api/v1/messages/${msgB}`,
      `/api/v1/messages/${msgB}/media`,
    ]) {
      const res = await api(t, key, path);
      expect([path, res.status]).toEqual([path, 404]);
      expect((await json(res)).error).toBe("not_found");
    }
    const send = await api(t, key, "/api/v1/messages", {
      method: "POST",
      json: { channel_id: b, to: "+447700900222", text: "hi" },
    });
    expect(send.status).toBe(404);
    expect(t.sent).toHaveLength(0);
  });

  test("a read-only key cannot send", async () => {
    const { t, a } = twoChannels();
    const res = await api(t, makeKey(t, [a], "read"), "/api/v1/messages", {
      method: "POST",
      json: { channel_id: a, to: "+447700900111", text: "hi" },
    });
    expect(res.status).toBe(403);
    expect((await json(res)).error).toBe("forbidden");
  });
});

describe("sending through the API", () => {
  async function settle(t: IntegrationApp) {
    for (let i = 0; i < 5; i++) await Bun.sleep(1);
    return t.sent;
  }

  test("a text to a phone is stored, answered 202, then handed to WhatsApp", async () => {
    const { t, a } = twoChannels();
    const res = await api(t, makeKey(t, [a]), "/api/v1/messages", {
      method: "POST",
      json: { channel_id: a, to: "+447700900333", text: "Your order shipped" },
    });
    expect(res.status).toBe(202);
    const { message } = await json(res);
    expect(message).toMatchObject({
      direction: "outbound",
      status: "queued",
      text: "Your order shipped",
      chat: { kind: "direct", phone: "+447700900333" },
    });
    expect(await settle(t)).toEqual([
      { channelId: a, to: "+447700900333", payload: { type: "text", text: "Your order shipped" } },
    ]);
    const after = await json(await api(t, makeKey(t, [a]), `/api/v1/messages/${message.id}`));
    expect(after).toMatchObject({ status: "sent", wa_id: "WAOUT1" });
  });

  test("the same idempotency key never sends twice, whether in the body or the Idempotency-Key header", async () => {
    const { t, a } = twoChannels();
    const key = makeKey(t, [a]);
    const body = { channel_id: a, to: "+447700900333", text: "Pay now", idempotency_key: "order-42" };
    const first = await api(t, key, "/api/v1/messages", { method: "POST", json: body });
    const retry = await api(t, key, "/api/v1/messages", { method: "POST", json: body });
    expect(first.status).toBe(202);
    expect(retry.status).toBe(200);
    expect(retry.headers.get("idempotent-replayed")).toBe("true");
    expect((await json(retry)).message.id).toBe((await json(first)).message.id);
    const viaHeader = { channel_id: a, to: "+447700900333", text: "Header key" };
    await api(t, key, "/api/v1/messages", {
      method: "POST",
      json: viaHeader,
      headers: { "idempotency-key": "h-1" },
    });
    await api(t, key, "/api/v1/messages", {
      method: "POST",
      json: viaHeader,
      headers: { "idempotency-key": "h-1" },
    });
    expect((await settle(t)).map((s) => s.payload)).toEqual([
      { type: "text", text: "Pay now" },
      { type: "text", text: "Header key" },
    ]);
    expect(
      t.db.query<{ n: number }, []>("SELECT count(*) AS n FROM messages WHERE direction = 'outbound'").get()!
        .n,
    ).toBe(2);
    const reused = await api(t, key, "/api/v1/messages", {
      method: "POST",
      json: { ...body, text: "Something else" },
    });
    expect(reused.status).toBe(409);
    expect((await json(reused)).error).toBe("idempotency_key_reused");
  });

  test("a reply to a group goes to the group; an unknown group is a 404", async () => {
    const t = makeIntegrationApp();
    const a = makeChannel(t.db);
    t.services.ingest.ingest(
      inbound(a, {
        kind: "group",
        chatJid: "120363000000000001@g.us",
        groupSubject: "Team",
        participantJid: "447700900111@s.whatsapp.net",
      }),
    );
    const key = makeKey(t, [a]);
    const ok = await api(t, key, "/api/v1/messages", {
      method: "POST",
      json: { channel_id: a, group_jid: "120363000000000001@g.us", text: "Hello team" },
    });
    expect(ok.status).toBe(202);
    expect((await json(ok)).message.chat).toMatchObject({
      kind: "group",
      group: { jid: "120363000000000001@g.us", subject: "Team" },
    });
    const unknown = await api(t, key, "/api/v1/messages", {
      method: "POST",
      json: { channel_id: a, group_jid: "999@g.us", text: "?" },
    });
    expect(unknown.status).toBe(404);
    expect((await settle(t)).map((s) => s.to)).toEqual(["120363000000000001@g.us"]);
  });

  test("a document upload keeps its file name; media by URL is fetched and stored", async () => {
    // The test's file server is on loopback, which media.url reaches only when allowed.
    const { t, a } = twoChannels({ fetchAllow: ["127.0.0.1"] });
    const key = makeKey(t, [a]);
    const form = new FormData();
    form.set("channel_id", String(a));
    form.set("to", "+447700900333");
    form.set("text", "The invoice");
    form.set(
      "file",
      new File([new Uint8Array([37, 80, 68, 70, 45, 49])], "invoice-42.pdf", { type: "application/pdf" }),
    );
    const upload = await api(t, key, "/api/v1/messages", { method: "POST", body: form });
    expect(upload.status).toBe(202);
    expect((await json(upload)).message).toMatchObject({
      type: "document",
      text: "The invoice",
      media: { file_name: "invoice-42.pdf", mime: "application/pdf", size: 6 },
    });

    const files = Bun.serve({
      hostname: "127.0.0.1",
      port: 0,
      fetch: () =>
        new Response(new Uint8Array([0x89, 0x50, 0x4e, 0x47]), { headers: { "content-type": "image/png" } }),
    });
    cleanups.push(() => files.stop(true));
    const byUrl = await api(t, key, "/api/v1/messages", {
      method: "POST",
      json: {
        channel_id: a,
        to: "+447700900333",
        media: { url: `http://127.0.0.1:${files.port}/pics/cat.png` },
      },
    });
    expect(byUrl.status).toBe(202);
    expect((await json(byUrl)).message).toMatchObject({
      type: "image",
      media: { file_name: "cat.png", mime: "image/png", size: 4 },
    });
    const sent = await settle(t);
    expect(sent.map((s) => s.payload.type)).toEqual(["document", "image"]);
    expect(sent[0]!.payload).toMatchObject({ fileName: "invoice-42.pdf", caption: "The invoice" });
  });

  test("media by URL over the size cap is refused with 413 and nothing is sent", async () => {
    const t = makeIntegrationApp({ maxUploadMb: 1, maxUploadBytes: 1024, fetchAllow: ["127.0.0.1"] });
    const a = makeChannel(t.db);
    const big = Bun.serve({
      hostname: "127.0.0.1",
      port: 0,
      fetch: () => new Response(new Uint8Array(4096)),
    });
    cleanups.push(() => big.stop(true));
    const res = await api(t, makeKey(t, [a]), "/api/v1/messages", {
      method: "POST",
      json: { channel_id: a, to: "+447700900333", media: { url: `http://127.0.0.1:${big.port}/big.bin` } },
    });
    expect(res.status).toBe(413);
    expect((await json(res)).error).toBe("too_large");
    expect(t.db.query<{ n: number }, []>("SELECT count(*) AS n FROM messages").get()!.n).toBe(0);
  });

  test("bad input gets a clear 400 naming the field", async () => {
    const { t, a } = twoChannels();
    const key = makeKey(t, [a]);
    const noRecipient = await json(
      await api(t, key, "/api/v1/messages", { method: "POST", json: { channel_id: a, text: "hi" } }),
    );
    expect(noRecipient).toMatchObject({ error: "invalid_request" });
    expect(noRecipient.issues[0].path).toBe("to");
    const twoRecipients = await api(t, key, "/api/v1/messages", {
      method: "POST",
      json: { channel_id: a, to: "+447700900333", conversation_id: 1, text: "hi" },
    });
    expect(twoRecipients.status).toBe(400);
    const badType = await json(
      await api(t, key, "/api/v1/messages", {
        method: "POST",
        json: { channel_id: "one", to: "+447700900333", text: "hi" },
      }),
    );
    expect(badType.message).toStartWith("channel_id:");
    const badPhone = await api(t, key, "/api/v1/messages", {
      method: "POST",
      json: { channel_id: a, to: "call me", text: "hi" },
    });
    expect(badPhone.status).toBe(400);
    expect((await json(badPhone)).message).toStartWith("to:");
    const notJson = await api(t, key, "/api/v1/messages", {
      method: "POST",
      body: "{oops",
      headers: { "content-type": "application/json" },
    });
    expect(notJson.status).toBe(400);
    // A misspelt field would otherwise be dropped and the message sent without it.
    const misspelt = await json(
      await api(t, key, "/api/v1/messages", {
        method: "POST",
        json: {
          channel_id: a,
          to: "+447700900333",
          text: "hi",
          media: { url: "https://example.com/a.pdf", fileName: "a.pdf" },
        },
      }),
    );
    expect(misspelt).toMatchObject({ error: "invalid_request" });
    expect(JSON.stringify(misspelt.issues)).toContain("fileName");
    expect((await api(t, key, "/api/v1/conversations?cursor=zzz")).status).toBe(400);
    expect((await api(t, key, "/api/v1/nope")).status).toBe(404);
    expect(t.sent).toHaveLength(0);
  });
});
