import { describe, expect, test } from "bun:test";
import { api, makeKey } from "../api/helpers.ts";
import { installWebhooks } from "../../src/webhooks/install.ts";
import { insertEndpoint, listDeliveries } from "../../src/webhooks/store.ts";
import { eventSchema, type EVENT_DATA } from "../../src/webhooks/schemas.ts";
import { SECRET } from "../webhooks/fixtures.ts";
import { assignFixture } from "./fixture.ts";

const json = async (res: Response) => (await res.json()) as Record<string, any>;

async function setup() {
  const f = await assignFixture();
  installWebhooks(f.t.services, { ...f.t.core, secret: SECRET });
  const ep = insertEndpoint(
    f.t.db,
    { name: "", url: "http://127.0.0.1:9/", events: ["conversation.assigned"], channelIds: [], active: true },
    0,
    f.admin.userId,
  );
  const key = makeKey(f.t, "all", "send", f.admin.userId);
  const one = f.receive(f.sales, { peerPhone: "+447700900601" }).conversationId;
  const two = f.receive(f.sales, { peerPhone: "+447700900602" }).conversationId;
  /** The conversation.assigned bodies queued, each checked against the schema OpenAPI publishes. */
  const events = () =>
    listDeliveries(f.t.db, ep.id, 100)
      .reverse()
      .map((d) => eventSchema(JSON.parse(d.body).type as keyof typeof EVENT_DATA).parse(JSON.parse(d.body)));
  return { f, key, one, two, events };
}

describe("assignment over the REST API and the conversation.assigned webhook", () => {
  test("PATCH sets the assignee and the team; GET shows them; the webhook says who, which team and why", async () => {
    const { f, key, one, events } = await setup();
    const path = `/api/v1/conversations/${one}`;
    expect(await json(await api(f.t, key, path))).toMatchObject({ assignee_id: null, team_id: null });
    const res = await api(f.t, key, path, {
      method: "PATCH",
      json: { assignee_id: f.sam.userId, team_id: f.salesTeam },
    });
    expect(res.status).toBe(200);
    expect(await json(res)).toMatchObject({
      id: one,
      assignee_id: f.sam.userId,
      team_id: f.salesTeam,
      status: "open",
    });
    expect(events().map((e) => e.data)).toEqual([
      {
        conversation: expect.objectContaining({ id: one, assignee_id: f.sam.userId, team_id: f.salesTeam }),
        assignee: { id: f.sam.userId, name: "Sam Agent" },
        team: { id: f.salesTeam, name: "Sales" },
        cause: "user",
        by_user_id: f.admin.userId,
      },
    ]);
    // Status and unassigning in one call; the other field stays.
    const both = await api(f.t, key, path, {
      method: "PATCH",
      json: { status: "resolved", assignee_id: null },
    });
    expect(await json(both)).toMatchObject({ status: "resolved", assignee_id: null, team_id: f.salesTeam });
    expect(events().at(-1)!.data).toMatchObject({ assignee: null, team: { name: "Sales" } });
  });

  test("someone who may not use the channel is a 422 with the reason, and nothing changes", async () => {
    const { f, key, one, events } = await setup();
    const path = `/api/v1/conversations/${one}`;
    const res = await api(f.t, key, path, {
      method: "PATCH",
      json: { status: "resolved", assignee_id: f.zoe.userId },
    });
    expect(res.status).toBe(422);
    expect((await json(res)).message).toBe(
      "assignee_id: Zoe Outsider cannot use this channel, so cannot be assigned its conversations.",
    );
    expect(f.conversation(one)).toMatchObject({ status: "open", assigned_user_id: null });
    const team = await api(f.t, key, path, { method: "PATCH", json: { team_id: f.supportTeam } });
    expect(team.status).toBe(422);
    const unknown = await api(f.t, key, path, { method: "PATCH", json: { assignee_id: 99999 } });
    expect(unknown.status).toBe(422);
    for (const bad of [{ assignee_id: "3" }, { assignee_id: -1 }, { team_id: 1.5 }, {}])
      expect((await api(f.t, key, path, { method: "PATCH", json: bad })).status).toBe(400);
    expect(events()).toEqual([]);
  });

  test("the list filters by ?assignee=, ?team= and ?unassigned=1", async () => {
    const { f, key, one, two } = await setup();
    await api(f.t, key, `/api/v1/conversations/${one}`, {
      method: "PATCH",
      json: { assignee_id: f.bea.userId },
    });
    await api(f.t, key, `/api/v1/conversations/${two}`, { method: "PATCH", json: { team_id: f.salesTeam } });
    const ids = async (q: string) =>
      (await json(await api(f.t, key, `/api/v1/conversations?${q}`))).data.map((c: { id: number }) => c.id);
    expect(await ids(`assignee=${f.bea.userId}`)).toEqual([one]);
    expect(await ids(`team=${f.salesTeam}`)).toEqual([two]);
    expect(await ids("unassigned=1")).toEqual([two]);
    expect((await api(f.t, key, "/api/v1/conversations?assignee=abc")).status).toBe(400);
  });

  test("auto-assignment fires conversation.assigned with cause auto and no one behind it", async () => {
    const { f, events } = await setup();
    f.autoAssign(f.sales, f.salesTeam);
    const c = f.receive(f.sales, { peerPhone: "+447700900699" }).conversationId;
    expect(events().at(-1)!.data).toMatchObject({
      conversation: { id: c },
      cause: "auto",
      by_user_id: null,
      team: { id: f.salesTeam, name: "Sales" },
    });
  });
});
