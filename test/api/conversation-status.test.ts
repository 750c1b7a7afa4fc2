import { describe, expect, test } from "bun:test";
import { inbound, makeChannel } from "../inbox/fixtures.ts";
import { api, makeIntegrationApp, makeKey } from "./helpers.ts";

const json = async (res: Response) => (await res.json()) as Record<string, any>;

function setup() {
  const t = makeIntegrationApp();
  const a = makeChannel(t.db, "+14155550100");
  const b = makeChannel(t.db, "+14155550200");
  const one = t.services.ingest.ingest(inbound(a, { peerPhone: "+447700900501" }));
  const two = t.services.ingest.ingest(inbound(a, { peerPhone: "+447700900502" }));
  const other = t.services.ingest.ingest(inbound(b, { peerPhone: "+447700900503" }));
  if (!one.stored || !two.stored || !other.stored) throw new Error("not stored");
  return { t, a, b, one: one.conversationId, two: two.conversationId, other: other.conversationId };
}

describe("conversation status over the REST API", () => {
  test("GET shows the status; PATCH resolves; the list filters by status", async () => {
    const s = setup();
    const key = makeKey(s.t, "all", "send");
    expect(await json(await api(s.t, key, `/api/v1/conversations/${s.one}`))).toMatchObject({
      status: "open",
      snoozed_until: null,
    });
    const res = await api(s.t, key, `/api/v1/conversations/${s.one}`, {
      method: "PATCH",
      json: { status: "resolved" },
    });
    expect(res.status).toBe(200);
    expect(await json(res)).toMatchObject({ id: s.one, status: "resolved" });
    const resolved = await json(await api(s.t, key, "/api/v1/conversations?status=resolved"));
    expect(resolved.data.map((c: { id: number }) => c.id)).toEqual([s.one]);
    const open = await json(await api(s.t, key, "/api/v1/conversations?status=open"));
    expect(open.data.map((c: { id: number }) => c.id).sort()).toEqual([s.two, s.other].sort());
  });

  test("snoozing needs a future time within a year, and stores it", async () => {
    const s = setup();
    const key = makeKey(s.t, "all", "send");
    const path = `/api/v1/conversations/${s.one}`;
    const missing = await api(s.t, key, path, { method: "PATCH", json: { status: "snoozed" } });
    expect(missing.status).toBe(400);
    expect((await json(missing)).message).toContain("snoozed_until: required");
    const past = await api(s.t, key, path, {
      method: "PATCH",
      json: { status: "snoozed", snoozed_until: "2020-01-01T00:00:00Z" },
    });
    expect(past.status).toBe(400);
    const until = new Date(s.t.clock() + 3_600_000).toISOString();
    const ok = await api(s.t, key, path, {
      method: "PATCH",
      json: { status: "snoozed", snoozed_until: until },
    });
    expect(await json(ok)).toMatchObject({ status: "snoozed", snoozed_until: until });
  });

  test("hostile input is a 400 with a reason, never a 500", async () => {
    const s = setup();
    const key = makeKey(s.t, "all", "send");
    for (const body of [{ status: "closed" }, { status: 1 }, {}, "not json"]) {
      const res = await api(s.t, key, `/api/v1/conversations/${s.one}`, {
        method: "PATCH",
        ...(typeof body === "string"
          ? { body, headers: { "content-type": "application/json" } }
          : { json: body }),
      });
      expect(res.status).toBe(400);
    }
  });

  test("a read-only key cannot change it; a key without the channel gets 404", async () => {
    const s = setup();
    const read = makeKey(s.t, "all", "read");
    const refused = await api(s.t, read, `/api/v1/conversations/${s.one}`, {
      method: "PATCH",
      json: { status: "resolved" },
    });
    expect(refused.status).toBe(403);
    const onlyA = makeKey(s.t, [s.a], "send");
    const hidden = await api(s.t, onlyA, `/api/v1/conversations/${s.other}`, {
      method: "PATCH",
      json: { status: "resolved" },
    });
    expect(hidden.status).toBe(404);
    expect(await json(await api(s.t, onlyA, `/api/v1/conversations?status=open`))).toMatchObject({
      data: [{ id: s.two }, { id: s.one }],
    });
  });
});
