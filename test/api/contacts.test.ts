import { describe, expect, test } from "bun:test";
import { inbound, makeChannel } from "../inbox/fixtures.ts";
import { conversationLinks } from "../../src/records/public.ts";
import { api, makeIntegrationApp, makeKey } from "./helpers.ts";

const json = async (res: Response) => (await res.json()) as Record<string, any>;

describe("contacts through the API", () => {
  test("a contact created by the API is found by any spelling of its number and links the earlier conversation", async () => {
    const t = makeIntegrationApp();
    const channel = makeChannel(t.db);
    const stored = t.services.ingest.ingest(
      inbound(channel, { peerPhone: "+447700900123", senderPhone: "+447700900123", senderName: "Ann" }),
    );
    if (!stored.stored) throw new Error("not stored");
    const key = makeKey(t, "all");

    const created = await api(t, key, "/api/v1/contacts", {
      method: "POST",
      json: { name: "Ann Lee", phones: ["+44 (0)7700 900-123"], email: "ann@example.com" },
    });
    expect(created.status).toBe(201);
    const contact = await json(created);
    expect(contact.phones).toEqual([{ e164: "+447700900123", raw: "+44 (0)7700 900-123" }]);

    const found = await json(
      await api(t, key, `/api/v1/contacts?q=${encodeURIComponent("0044 7700 900123")}`),
    );
    expect(found.data.map((c: any) => c.name)).toEqual(["Ann Lee"]);
    expect(conversationLinks(t.db, stored.conversationId).map((l) => [l.type, l.id])).toEqual([
      ["contact", contact.id],
    ]);
  });

  test("a read-only key cannot create; a bad body is a 400 naming the field", async () => {
    const t = makeIntegrationApp();
    const readOnly = await api(t, makeKey(t, "all", "read"), "/api/v1/contacts", {
      method: "POST",
      json: { name: "X" },
    });
    expect(readOnly.status).toBe(403);
    const bad = await api(t, makeKey(t, "all"), "/api/v1/contacts", {
      method: "POST",
      json: { name: "", phones: ["not a phone"] },
    });
    expect(bad.status).toBe(400);
    expect((await json(bad)).message).toContain("name");
  });

  test("a misspelt field is refused with a 400 naming it, not dropped: nothing is created", async () => {
    const t = makeIntegrationApp();
    const res = await api(t, makeKey(t, "all"), "/api/v1/contacts", {
      method: "POST",
      json: { name: "Carla", phone: "+447700900123" },
    });
    expect(res.status).toBe(400);
    expect(JSON.stringify(await json(res))).toContain("phone");
    expect((await json(await api(t, makeKey(t, "all"), "/api/v1/contacts"))).data).toEqual([]);
  });
});
