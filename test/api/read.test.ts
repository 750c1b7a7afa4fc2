import { describe, expect, test } from "bun:test";
import { inbound, makeChannel } from "../inbox/fixtures.ts";
import { signedMediaUrl } from "../../src/messaging/media-link.ts";
import { api, makeIntegrationApp, makeKey, type IntegrationApp } from "./helpers.ts";
import { SECRET } from "../webhooks/fixtures.ts";

const json = async (res: Response) => (await res.json()) as Record<string, any>;

async function allPages(t: IntegrationApp, key: string, path: string): Promise<any[]> {
  const out: any[] = [];
  let cursor: string | null = null;
  for (let i = 0; i < 20; i++) {
    const page = await json(
      await api(
        t,
        key,
        `${path}${path.includes("?") ? "&" : "?"}limit=2${cursor ? `&cursor=${cursor}` : ""}`,
      ),
    );
    out.push(...page.data);
    cursor = page.next_cursor;
    if (!cursor) return out;
  }
  throw new Error("paging never ended");
}

/** Stores a file for a message as the media download would. */
async function attachMedia(
  t: IntegrationApp,
  messageId: number,
  bytes: Uint8Array,
  mime: string,
  fileName: string,
) {
  const stored = await t.services.media.putBytes(bytes);
  if (!stored.ok) throw new Error("could not store");
  t.db
    .query(
      "UPDATE messages SET media_sha256 = ?, media_mime = ?, media_size = ?, media_filename = ?, media_status = 'stored' WHERE id = ?",
    )
    .run(stored.sha256, mime, stored.size, fileName, messageId);
}

describe("reading through the API", () => {
  test("conversations and messages page with cursors: every item once, newest first", async () => {
    const t = makeIntegrationApp();
    const a = makeChannel(t.db);
    for (let i = 1; i <= 5; i++)
      t.services.ingest.ingest(inbound(a, { peerPhone: `+44770090010${i}`, text: `from ${i}` }));
    for (let i = 1; i <= 5; i++)
      t.services.ingest.ingest(inbound(a, { peerPhone: "+447700900101", text: `more ${i}` }));
    const key = makeKey(t, [a], "read");

    const conversations = await allPages(t, key, "/api/v1/conversations");
    expect(conversations.map((c) => c.phone)).toEqual([
      "+447700900101",
      "+447700900105",
      "+447700900104",
      "+447700900103",
      "+447700900102",
    ]);
    const messages = await allPages(t, key, `/api/v1/conversations/${conversations[0].id}/messages`);
    expect(messages.map((m) => m.text)).toEqual(["more 5", "more 4", "more 3", "more 2", "more 1", "from 1"]);
    expect(messages[0]).toMatchObject({
      direction: "inbound",
      sender: { phone: "+447700900101", name: "Ann" },
      chat: { kind: "direct" },
    });
    expect((await allPages(t, key, `/api/v1/conversations?channel_id=${a}`)).length).toBe(5);
  });

  test("a message's media downloads with the key, or through a signed link until it expires", async () => {
    const t = makeIntegrationApp();
    const a = makeChannel(t.db);
    const stored = t.services.ingest.ingest(
      inbound(a, {
        type: "document",
        text: "",
        media: { mime: "application/pdf", size: 4, fileName: "quote.pdf" },
      }),
    );
    if (!stored.stored) throw new Error("not stored");
    const key = makeKey(t, [a], "read");
    expect((await api(t, key, `/api/v1/messages/${stored.messageId}/media`)).status).toBe(404); // not downloaded yet
    await attachMedia(t, stored.messageId, new Uint8Array([1, 2, 3, 4]), "application/pdf", "quote.pdf");

    const res = await api(t, key, `/api/v1/messages/${stored.messageId}/media`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toContain('filename="quote.pdf"');
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect([...new Uint8Array(await res.arrayBuffer())]).toEqual([1, 2, 3, 4]);

    const link = signedMediaUrl(
      "http://localhost:3000",
      SECRET,
      stored.messageId,
      t.clock(),
      60_000,
    ).url.replace("http://localhost:3000", "");
    expect((await api(t, null, link)).status).toBe(200);
    expect((await api(t, null, link.replace(/sig=.{4}/, "sig=AAAA"))).status).toBe(404);
    expect(
      (await api(t, null, link.replace(`/media/${stored.messageId}?`, `/media/${stored.messageId + 1}?`)))
        .status,
    ).toBe(404);
    t.advance(61_000);
    expect((await api(t, null, link)).status).toBe(404);
  });

  test("a pending channel's QR comes as the raw string, SVG and PNG; a connected one has none", async () => {
    const t = makeIntegrationApp();
    const a = makeChannel(t.db);
    t.db
      .query("UPDATE channels SET status = 'pending', qr = '2@abc,def,ghi', qr_at = ? WHERE id = ?")
      .run(t.clock(), a);
    const key = makeKey(t, [a], "manage");
    expect(await json(await api(t, key, `/api/v1/channels/${a}/qr`))).toMatchObject({
      channel_id: a,
      status: "pending",
      qr: "2@abc,def,ghi",
    });
    const svg = await api(t, key, `/api/v1/channels/${a}/qr?format=svg`);
    expect(svg.headers.get("content-type")).toContain("image/svg+xml");
    expect(await svg.text()).toContain("<svg");
    const png = await api(t, key, `/api/v1/channels/${a}/qr?format=png`);
    expect(png.headers.get("content-type")).toBe("image/png");
    expect([...new Uint8Array(await png.arrayBuffer()).slice(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);

    t.db.query("UPDATE channels SET status = 'connected' WHERE id = ?").run(a);
    expect((await json(await api(t, key, `/api/v1/channels/${a}/qr`))).qr).toBeNull();
    const none = await api(t, key, `/api/v1/channels/${a}/qr?format=svg`);
    expect(none.status).toBe(409);
    expect((await json(none)).error).toBe("no_qr");
    expect(await json(await api(t, key, `/api/v1/channels/${a}`))).toMatchObject({
      id: a,
      status: "connected",
      phone: "+14155550100",
      deleted: false,
    });
  });
});
