import { describe, expect, test } from "bun:test";
import { postForm } from "../helpers/app.ts";
import { api } from "../api/helpers.ts";
import { insertApiKey, listApiKeys } from "../../src/api/keys-store.ts";
import { integrationsFixture } from "./fixture.ts";

const json = async (res: Response) => (await res.json()) as Record<string, any>;
const keyOn = (html: string) => /class="mono secret-value">(pbx_[^<]+)</.exec(html)?.[1] ?? null;

describe("API keys act within their creator's channel access", () => {
  test("the form offers only the creator's channels, and refuses all channels or another channel", async () => {
    const f = await integrationsFixture();
    const page = await (await f.t.request("/settings/api-keys", { session: f.ivy })).text();
    expect(page).toContain("Sales line");
    expect(page).not.toContain("Support line");
    expect(page).not.toContain('name="allChannels"');

    const all = await postForm(f.t, "/settings/api-keys", f.ivy, {
      name: "all",
      scope: "read",
      allChannels: "1",
    });
    expect(all.status).toBe(422);
    expect(await all.text()).toContain("only for someone who may use every channel");
    const other = await postForm(f.t, "/settings/api-keys", f.ivy, {
      name: "support",
      scope: "read",
      channelIds: String(f.support),
    });
    expect(other.status).toBe(422);
    expect(listApiKeys(f.t.db)).toHaveLength(0);

    const mine = await postForm(f.t, "/settings/api-keys", f.ivy, {
      name: "sales",
      scope: "read",
      channelIds: String(f.sales),
    });
    expect(mine.status).toBe(200);
    const key = keyOn(await mine.text())!;
    const res = await api(f.t, key, `/api/v1/messages/${f.salesMsg.messageId}`);
    expect(res.status).toBe(200);
  });

  test("an all-channels key made before this check reads only what its creator may use now", async () => {
    const f = await integrationsFixture();
    const { key } = insertApiKey(
      f.t.db,
      { name: "legacy", scope: "read", channels: "all", createdBy: f.ivyId },
      0,
    );
    expect((await api(f.t, key, `/api/v1/messages/${f.supportMsg.messageId}`)).status).toBe(404);
    expect((await api(f.t, key, `/api/v1/messages/${f.salesMsg.messageId}`)).status).toBe(200);
    const channels = (await json(await api(f.t, key, "/api/v1/channels"))).data.map((c: any) => c.id);
    expect(channels).toEqual([f.sales]);
    const conversations = await json(await api(f.t, key, "/api/v1/conversations"));
    expect(conversations.data.map((c: any) => c.channel_id)).toEqual([f.sales]);

    f.dropIvyFromSales();
    expect((await api(f.t, key, `/api/v1/messages/${f.salesMsg.messageId}`)).status).toBe(404);
    expect((await json(await api(f.t, key, "/api/v1/channels"))).data).toEqual([]);
  });

  test("a key stops working when its creator is deactivated or deleted, with a plain reason", async () => {
    const f = await integrationsFixture();
    const { key } = insertApiKey(
      f.t.db,
      { name: "ivy's", scope: "read", channels: [f.sales], createdBy: f.ivyId },
      0,
    );
    expect((await api(f.t, key, "/api/v1/channels")).status).toBe(200);
    f.t.db.query("UPDATE users SET active = 0 WHERE id = ?").run(f.ivyId);
    const off = await api(f.t, key, "/api/v1/channels");
    expect(off.status).toBe(401);
    expect((await json(off)).message).toBe(
      "This API key's creator (Ivy) was deactivated, so the key no longer works. Create a new key.",
    );
    f.t.db.query("UPDATE users SET active = 1 WHERE id = ?").run(f.ivyId);
    f.t.db.query("DELETE FROM users WHERE id = ?").run(f.ivyId);
    const gone = await api(f.t, key, "/api/v1/channels");
    expect(gone.status).toBe(401);
    expect((await json(gone)).message).toContain("creator no longer exists");
  });

  test("the key list shows only keys within the viewer's channels, and revoking another's is a 404", async () => {
    const f = await integrationsFixture();
    const adminKey = insertApiKey(
      f.t.db,
      { name: "admin all", scope: "read", channels: "all", createdBy: f.admin.userId },
      0,
    );
    insertApiKey(f.t.db, { name: "ivy sales", scope: "read", channels: [f.sales], createdBy: f.ivyId }, 0);
    const page = await (await f.t.request("/settings/api-keys", { session: f.ivy })).text();
    expect(page).toContain("ivy sales");
    expect(page).not.toContain("admin all");
    expect((await postForm(f.t, `/settings/api-keys/${adminKey.id}/revoke`, f.ivy, {})).status).toBe(404);
    expect((await api(f.t, adminKey.key, "/api/v1/channels")).status).toBe(200);
    const adminPage = await (await f.t.request("/settings/api-keys", { session: f.admin })).text();
    expect(adminPage).toContain("ivy sales");
    expect(adminPage).toContain("admin all");
  });
});

describe("channel management over the API needs the manage scope", () => {
  test("read and send keys get no pairing code and cannot sign a channel out; a manage key can", async () => {
    const f = await integrationsFixture();
    const make = (scope: "read" | "send" | "manage") =>
      insertApiKey(f.t.db, { name: scope, scope, channels: "all", createdBy: f.admin.userId }, 0).key;
    for (const scope of ["read", "send"] as const) {
      const key = make(scope);
      const qr = await api(f.t, key, `/api/v1/channels/${f.sales}/qr`);
      expect([scope, qr.status]).toEqual([scope, 403]);
      expect((await json(qr)).message).toContain("manage scope");
      const logout = await api(f.t, key, `/api/v1/channels/${f.sales}/logout`, { method: "POST" });
      expect([scope, logout.status]).toEqual([scope, 403]);
      const add = await api(f.t, key, "/api/v1/channels", {
        method: "POST",
        json: { phone: "+14302028899" },
      });
      expect([scope, add.status]).toEqual([scope, 403]);
    }
    const manage = make("manage");
    expect((await api(f.t, manage, `/api/v1/channels/${f.sales}/qr`)).status).toBe(200);
    const added = await api(f.t, manage, "/api/v1/channels", {
      method: "POST",
      json: { phone: "+14302028899" },
    });
    expect(added.status).toBe(201);
  });

  test("only someone who manages channels may create a manage key, and it stops when they no longer do", async () => {
    const f = await integrationsFixture();
    const refused = await postForm(f.t, "/settings/api-keys", f.ivy, {
      name: "m",
      scope: "manage",
      channelIds: String(f.sales),
    });
    expect(refused.status).toBe(422);
    const made = await postForm(f.t, "/settings/api-keys", f.admin, {
      name: "m",
      scope: "manage",
      allChannels: "1",
    });
    const key = keyOn(await made.text())!;
    expect((await api(f.t, key, `/api/v1/channels/${f.sales}/qr`)).status).toBe(200);
    // The administrator keeps signing in, but no longer manages channels.
    const setId = f.t.db
      .query<{ id: number }, []>("SELECT id FROM permission_sets WHERE name = 'Administrator'")
      .get()!.id;
    f.t.db
      .query("UPDATE permission_sets SET permissions = ? WHERE id = ?")
      .run(JSON.stringify(["integrations.manage", "users.manage"]), setId);
    const now = await api(f.t, key, `/api/v1/channels/${f.sales}/qr`);
    expect(now.status).toBe(403);
  });
});
