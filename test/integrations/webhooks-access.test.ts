import { describe, expect, test } from "bun:test";
import { postForm } from "../helpers/app.ts";
import { installWebhooks } from "../../src/webhooks/install.ts";
import { emitChannelEvents } from "../../src/webhooks/events.ts";
import { insertEndpoint, listDeliveries, listEndpoints } from "../../src/webhooks/store.ts";
import { SECRET } from "../webhooks/fixtures.ts";
import { integrationsFixture } from "./fixture.ts";

async function withWebhooks() {
  const f = await integrationsFixture();
  installWebhooks(f.t.services, { ...f.t.core, secret: SECRET });
  return f;
}

const endpointInput = (channelIds: number[]) => ({
  name: "",
  url: "http://127.0.0.1:9/hook",
  events: ["message.inbound"],
  channelIds,
  active: true,
});

describe("webhooks act within their creator's channel access", () => {
  test("the form offers only the creator's channels, and 'every channel' only to those who may use them all", async () => {
    const f = await withWebhooks();
    const page = await (await f.t.request("/settings/webhooks/new", { session: f.ivy })).text();
    expect(page).toContain("Sales line");
    expect(page).not.toContain("Support line");
    const add = (channelIds: number[]) =>
      postForm(f.t, "/settings/webhooks", f.ivy, {
        url: "http://127.0.0.1:9/hook",
        events: "message.inbound",
        channelIds: channelIds.map(String),
        active: "1",
      });
    const everyChannel = await add([]);
    expect(everyChannel.status).toBe(422);
    expect(await everyChannel.text()).toContain("Pick the channels");
    expect((await add([f.support])).status).toBe(422);
    expect(listEndpoints(f.t.db)).toHaveLength(0);
    expect((await add([f.sales])).status).toBe(303);
    expect(listEndpoints(f.t.db)[0]).toMatchObject({ channelIds: [f.sales], createdBy: f.ivyId });
  });

  test("an every-channel endpoint of someone limited delivers only their channels, and nothing once they lose them", async () => {
    const f = await withWebhooks();
    const ep = insertEndpoint(f.t.db, endpointInput([]), 0, f.ivyId);
    f.receive(f.support, { text: "support again", peerPhone: "+447700900222" });
    f.receive(f.sales, { text: "sales again", peerPhone: "+447700900111" });
    const texts = () =>
      listDeliveries(f.t.db, ep.id, 10).map((d) => JSON.parse(d.body).data.message.text as string);
    expect(texts()).toEqual(["sales again"]);
    f.dropIvyFromSales();
    f.receive(f.sales, { text: "after", peerPhone: "+447700900111" });
    expect(texts()).toEqual(["sales again"]);
  });

  test("a deactivated creator's endpoint delivers nothing; pages outside the viewer's channels are 404", async () => {
    const f = await withWebhooks();
    const ivys = insertEndpoint(f.t.db, endpointInput([f.sales]), 0, f.ivyId);
    const admins = insertEndpoint(f.t.db, endpointInput([]), 0, f.admin.userId);
    f.t.db.query("UPDATE users SET active = 0 WHERE id = ?").run(f.ivyId);
    f.receive(f.sales, { text: "while away", peerPhone: "+447700900111" });
    expect(listDeliveries(f.t.db, ivys.id, 10)).toHaveLength(0);
    expect(listDeliveries(f.t.db, admins.id, 10)).toHaveLength(1);
    f.t.db.query("UPDATE users SET active = 1 WHERE id = ?").run(f.ivyId);

    const list = await (await f.t.request("/settings/webhooks", { session: f.ivy })).text();
    expect(list).toContain(`/settings/webhooks/${ivys.id}`);
    expect(list).not.toContain(`/settings/webhooks/${admins.id}"`);
    expect((await f.t.request(`/settings/webhooks/${admins.id}`, { session: f.ivy })).status).toBe(404);
    expect((await postForm(f.t, `/settings/webhooks/${admins.id}/rotate`, f.ivy, {})).status).toBe(404);
    expect((await postForm(f.t, `/settings/webhooks/${admins.id}/delete`, f.ivy, {})).status).toBe(404);
    expect((await f.t.request(`/settings/webhooks/${admins.id}`, { session: f.admin })).status).toBe(200);
  });
});

describe("backups hold every secret", () => {
  test("only someone holding every permission may download one", async () => {
    const f = await withWebhooks();
    expect((await f.t.request("/settings/backup", { session: f.ivy })).status).toBe(403);
    expect((await postForm(f.t, "/settings/backup/download", f.ivy, {})).status).toBe(403);
    const tabs = await (await f.t.request("/settings/webhooks", { session: f.ivy })).text();
    expect(tabs).not.toContain('href="/settings/backup"');
    expect((await f.t.request("/settings/backup", { session: f.admin })).status).toBe(200);
  });
});

describe("pairing codes by webhook", () => {
  test("channel.qr goes only to endpoints acting for someone who manages channels", async () => {
    const f = await withWebhooks();
    const qr = { ...endpointInput([f.sales]), events: ["channel.qr"] };
    const ivys = insertEndpoint(f.t.db, qr, 0, f.ivyId);
    const admins = insertEndpoint(f.t.db, qr, 0, f.admin.userId);
    f.t.db
      .query("UPDATE channels SET status = 'pending', qr = '2@code', qr_at = 1 WHERE id = ?")
      .run(f.sales);
    emitChannelEvents({ db: f.t.db, baseUrl: "http://localhost:3000", secret: SECRET, now: 1 }, f.sales);
    expect(listDeliveries(f.t.db, admins.id, 10)).toHaveLength(1);
    expect(listDeliveries(f.t.db, ivys.id, 10)).toHaveLength(0);
  });
});
