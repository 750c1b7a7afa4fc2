import { describe, expect, test } from "bun:test";
import { listApiKeys } from "../../src/api/keys-store.ts";
import { addUser, adminSession, postForm, signIn } from "../helpers/app.ts";
import { makeChannel } from "../inbox/fixtures.ts";
import { api, makeIntegrationApp } from "./helpers.ts";

describe("API key settings", () => {
  test("an admin creates a key scoped to a channel: shown once, stored only as a hash, and it works at once", async () => {
    const t = makeIntegrationApp();
    const a = makeChannel(t.db, "+14155550100");
    const b = makeChannel(t.db, "+14155550200");
    const admin = await adminSession(t);
    const res = await postForm(t, "/settings/api-keys", admin, {
      name: "Order system",
      scope: "read",
      channelIds: [String(a)],
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const key = /(pbx_[A-Za-z0-9_-]{40,})/.exec(await res.text())?.[1];
    expect(key).toBeString();

    const [row] = listApiKeys(t.db);
    expect(row).toMatchObject({
      name: "Order system",
      scope: "read",
      all_channels: 0,
      channel_ids: `[${a}]`,
    });
    expect(JSON.stringify(t.db.query("SELECT * FROM api_keys").all())).not.toContain(key!);
    expect(await (await t.request("/settings/api-keys", { session: admin })).text()).not.toContain(key!);

    expect((await api(t, key!, `/api/v1/channels/${a}`)).status).toBe(200);
    expect((await api(t, key!, `/api/v1/channels/${b}`)).status).toBe(404);
  });

  test("a key needs a name and at least one channel; revoking stops it", async () => {
    const t = makeIntegrationApp();
    makeChannel(t.db);
    const admin = await adminSession(t);
    const refused = await postForm(t, "/settings/api-keys", admin, { name: "", scope: "send" });
    expect(refused.status).toBe(422);
    const html = await refused.text();
    expect(html).toContain("Enter a name.");
    expect(html).toContain("Pick the channels this key may use");
    expect(listApiKeys(t.db)).toHaveLength(0);

    const made = await postForm(t, "/settings/api-keys", admin, {
      name: "All",
      scope: "send",
      allChannels: "1",
    });
    const key = /(pbx_[A-Za-z0-9_-]{40,})/.exec(await made.text())![1]!;
    expect((await api(t, key, "/api/v1/channels")).status).toBe(200);
    expect(
      (await postForm(t, `/settings/api-keys/${listApiKeys(t.db)[0]!.id}/revoke`, admin, {})).status,
    ).toBe(303);
    expect((await api(t, key, "/api/v1/channels")).status).toBe(401);
  });

  test("only integrations.manage may see the page", async () => {
    const t = makeIntegrationApp();
    await addUser(t, "agent@example.com");
    const agent = await signIn(t, "agent@example.com");
    expect((await t.request("/settings/api-keys", { session: agent })).status).toBe(403);
    expect(
      (await postForm(t, "/settings/api-keys", agent, { name: "x", scope: "send", allChannels: "1" })).status,
    ).toBe(403);
    expect(listApiKeys(t.db)).toHaveLength(0);
  });
});
