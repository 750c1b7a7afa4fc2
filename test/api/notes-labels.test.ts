import { describe, expect, test } from "bun:test";
import { insertUser } from "../../src/auth/users-store.ts";
import { inbound, makeChannel } from "../inbox/fixtures.ts";
import { api, keyOwner, makeIntegrationApp, makeKey } from "./helpers.ts";

const json = async (res: Response) => (await res.json()) as Record<string, any>;

function setup() {
  const t = makeIntegrationApp();
  const a = makeChannel(t.db, "+14155550100");
  const b = makeChannel(t.db, "+14155550200", '{"all":false,"permissionSets":[],"groups":[],"users":[]}');
  const one = t.services.ingest.ingest(inbound(a, { peerPhone: "+447700900501" }));
  const two = t.services.ingest.ingest(inbound(a, { peerPhone: "+447700900502" }));
  const other = t.services.ingest.ingest(inbound(b, { peerPhone: "+447700900503" }));
  if (!one.stored || !two.stored || !other.stored) throw new Error("not stored");
  return { t, a, b, one: one.conversationId, two: two.conversationId, other: other.conversationId };
}

describe("private notes over the REST API", () => {
  test("POST adds a note as the key's creator, mentions notify; GET lists them newest first", async () => {
    const s = setup();
    const key = makeKey(s.t, "all", "send");
    const kim = insertUser(
      s.t.db,
      {
        name: "Kim Ode",
        email: "kim@example.com",
        passwordHash: "x",
        active: true,
        permissionSetIds: [],
        groupIds: [],
      },
      0,
    );
    const res = await api(s.t, key, `/api/v1/conversations/${s.one}/notes`, {
      method: "POST",
      json: { text: "@Kim Ode please call back" },
    });
    expect(res.status).toBe(201);
    const note = await json(res);
    expect(note).toMatchObject({
      conversation_id: s.one,
      author_user_id: keyOwner(s.t.db),
      text: "@Kim Ode please call back",
      mentions: [{ user_id: kim, start: 0, length: 8 }],
    });
    expect(s.t.db.query("SELECT user_id, href FROM notifications").all()).toEqual([
      { user_id: kim, href: `/inbox/c/${s.one}?note=${note.id}#note-${note.id}` },
    ]);
    await api(s.t, key, `/api/v1/conversations/${s.one}/notes`, { method: "POST", json: { text: "second" } });
    const list = await json(await api(s.t, key, `/api/v1/conversations/${s.one}/notes?limit=1`));
    expect(list.data.map((n: { text: string }) => n.text)).toEqual(["second"]);
    const older = await json(
      await api(s.t, key, `/api/v1/conversations/${s.one}/notes?cursor=${list.next_cursor}`),
    );
    expect(older.data.map((n: { id: number }) => n.id)).toEqual([note.id]);
    // Never a message.
    expect(s.t.db.query("SELECT count(*) AS n FROM messages WHERE direction = 'outbound'").get()).toEqual({
      n: 0,
    });
  });

  test("bad input is a 400; a read key cannot add; a hidden conversation is 404", async () => {
    const s = setup();
    const send = makeKey(s.t, "all", "send");
    for (const body of [{}, { text: "" }, { text: 5 }, { text: "x".repeat(10_001) }, { text: "   " }]) {
      const res = await api(s.t, send, `/api/v1/conversations/${s.one}/notes`, {
        method: "POST",
        json: body,
      });
      expect(res.status).toBe(400);
    }
    const read = makeKey(s.t, "all", "read");
    expect(
      (await api(s.t, read, `/api/v1/conversations/${s.one}/notes`, { method: "POST", json: { text: "hi" } }))
        .status,
    ).toBe(403);
    const onlyA = makeKey(s.t, [s.a], "send");
    expect((await api(s.t, onlyA, `/api/v1/conversations/${s.other}/notes`)).status).toBe(404);
    expect(
      (
        await api(s.t, onlyA, `/api/v1/conversations/${s.other}/notes`, {
          method: "POST",
          json: { text: "x" },
        })
      ).status,
    ).toBe(404);
  });
});

test("the OpenAPI document describes the note and labels webhooks and routes", async () => {
  const s = setup();
  const doc = await json(await s.t.app.request("http://localhost:3000/api/openapi.json"));
  expect(Object.keys(doc.webhooks)).toEqual(
    expect.arrayContaining(["conversation.note", "conversation.labels"]),
  );
  expect(Object.keys(doc.paths)).toEqual(
    expect.arrayContaining([
      "/api/v1/labels",
      "/api/v1/conversations/{id}/notes",
      "/api/v1/conversations/{id}/labels",
    ]),
  );
});

describe("labels over the REST API", () => {
  test("labels CRUD; a conversation's labels are set, read, and the list filters by one", async () => {
    const s = setup();
    const key = makeKey(s.t, "all", "send");
    const vip = await json(
      await api(s.t, key, "/api/v1/labels", { method: "POST", json: { name: "VIP", color: "purple" } }),
    );
    expect(vip).toMatchObject({ name: "VIP", color: "purple" });
    const bug = await json(
      await api(s.t, key, "/api/v1/labels", { method: "POST", json: { name: "Bug", color: "red" } }),
    );
    const twin = await api(s.t, key, "/api/v1/labels", {
      method: "POST",
      json: { name: "vip", color: "red" },
    });
    expect(twin.status).toBe(409);
    const bad = await api(s.t, key, "/api/v1/labels", { method: "POST", json: { name: "X", color: "#f00" } });
    expect(bad.status).toBe(400);
    const renamed = await api(s.t, key, `/api/v1/labels/${bug.id}`, {
      method: "PATCH",
      json: { name: "Complaint", color: "orange" },
    });
    expect(await json(renamed)).toMatchObject({ id: bug.id, name: "Complaint", color: "orange" });
    expect(
      (await json(await api(s.t, key, "/api/v1/labels"))).data.map((l: { name: string }) => l.name),
    ).toEqual(["Complaint", "VIP"]);

    const set = await api(s.t, key, `/api/v1/conversations/${s.one}/labels`, {
      method: "PUT",
      json: { label_ids: [vip.id, bug.id] },
    });
    expect((await json(set)).data.map((l: { id: number }) => l.id).sort()).toEqual([vip.id, bug.id].sort());
    await api(s.t, key, `/api/v1/conversations/${s.one}/labels`, {
      method: "PUT",
      json: { label_ids: [vip.id] },
    });
    expect(await json(await api(s.t, key, `/api/v1/conversations/${s.one}/labels`))).toEqual({
      data: [{ id: vip.id, name: "VIP", color: "purple" }],
    });
    const filtered = await json(await api(s.t, key, `/api/v1/conversations?label=${vip.id}`));
    expect(filtered.data.map((c: { id: number }) => c.id)).toEqual([s.one]);
    const unknown = await api(s.t, key, `/api/v1/conversations/${s.one}/labels`, {
      method: "PUT",
      json: { label_ids: [9999] },
    });
    expect(unknown.status).toBe(400);

    expect((await api(s.t, key, `/api/v1/labels/${vip.id}`, { method: "DELETE" })).status).toBe(204);
    expect(await json(await api(s.t, key, `/api/v1/conversations/${s.one}/labels`))).toEqual({ data: [] });
    expect((await api(s.t, key, `/api/v1/labels/${vip.id}`, { method: "DELETE" })).status).toBe(404);
  });

  test("a read key reads but cannot change; managing labels needs settings.manage; hidden conversations are 404", async () => {
    const s = setup();
    const read = makeKey(s.t, "all", "read");
    expect((await api(s.t, read, "/api/v1/labels")).status).toBe(200);
    expect(
      (await api(s.t, read, "/api/v1/labels", { method: "POST", json: { name: "A", color: "red" } })).status,
    ).toBe(403);
    expect(
      (
        await api(s.t, read, `/api/v1/conversations/${s.one}/labels`, {
          method: "PUT",
          json: { label_ids: [] },
        })
      ).status,
    ).toBe(403);
    const agent = insertUser(
      s.t.db,
      {
        name: "Agent",
        email: "agent@example.com",
        passwordHash: "x",
        active: true,
        permissionSetIds: [2],
        groupIds: [],
      },
      0,
    );
    const agentKey = makeKey(s.t, [s.a], "send", agent);
    expect(
      (await api(s.t, agentKey, "/api/v1/labels", { method: "POST", json: { name: "A", color: "red" } }))
        .status,
    ).toBe(403);
    const onlyA = makeKey(s.t, [s.a], "send");
    expect((await api(s.t, onlyA, `/api/v1/conversations/${s.other}/labels`)).status).toBe(404);
  });
});
