import { describe, expect, test } from "bun:test";
import { makeChannel } from "../inbox/fixtures.ts";
import { api, makeIntegrationApp, makeKey, type IntegrationApp } from "./helpers.ts";

const json = async (res: Response) => (await res.json()) as Record<string, any>;

/** The simulator hands out its first code asynchronously; poll the API as a headless client would. */
async function qrOf(t: IntegrationApp, key: string, id: number): Promise<string | null> {
  for (let i = 0; i < 50; i++) {
    const body = await json(await api(t, key, `/api/v1/channels/${id}/qr`));
    if (body.qr) return body.qr as string;
    await Bun.sleep(10);
  }
  return null;
}

describe("adding and re-pairing channels over the API", () => {
  test("a manage key for all channels adds a number in pending and its QR follows", async () => {
    const t = makeIntegrationApp();
    const key = makeKey(t, "all", "manage");
    const res = await api(t, key, "/api/v1/channels", {
      method: "POST",
      json: { phone: "+1 430 202 8897", name: "Sales", country_prefix: "44" },
    });
    const ch = await json(res);
    expect({ status: res.status, ch }).toMatchObject({ status: 201 });
    expect(ch).toMatchObject({ name: "Sales", phone: "+14302028897", status: "pending", deleted: false });
    expect(await qrOf(t, key, ch.id)).toBeString();
    const listed = await json(await api(t, key, "/api/v1/channels"));
    expect(listed.data.map((c: any) => c.id)).toContain(ch.id);
    // The channel is open to all users, like the add form's default, and keeps the prefix.
    expect(t.db.query("SELECT access, country_prefix FROM channels WHERE id = ?").get(ch.id)).toEqual({
      access: JSON.stringify({ all: true }),
      country_prefix: "+44",
    });

    const again = await api(t, key, "/api/v1/channels", { method: "POST", json: { phone: "+14302028897" } });
    expect(again.status).toBe(409);
    expect((await json(again)).error).toBe("duplicate");
  });

  test("read keys and keys scoped to some channels cannot add one; bad input is a 400 naming the field", async () => {
    const t = makeIntegrationApp();
    const a = makeChannel(t.db);
    const body = { phone: "+14302028898" };
    expect(
      (await api(t, makeKey(t, "all", "read"), "/api/v1/channels", { method: "POST", json: body })).status,
    ).toBe(403);
    expect(
      (await api(t, makeKey(t, [a], "send"), "/api/v1/channels", { method: "POST", json: body })).status,
    ).toBe(403);
    const key = makeKey(t, "all", "manage");
    const local = await json(
      await api(t, key, "/api/v1/channels", { method: "POST", json: { phone: "07700 900124" } }),
    );
    expect(local).toMatchObject({ error: "invalid_request", issues: [{ path: "phone" }] });
    const prefix = await api(t, key, "/api/v1/channels", {
      method: "POST",
      json: { phone: "+14302028898", country_prefix: "+999" },
    });
    expect(prefix.status).toBe(400);
    expect(
      (await api(t, key, "/api/v1/channels", { method: "POST", json: { phone: "+14302028898", extra: 1 } }))
        .status,
    ).toBe(400);
    expect(
      (
        await api(t, key, "/api/v1/channels", {
          method: "POST",
          body: "not json",
          headers: { "content-type": "application/json" },
        })
      ).status,
    ).toBe(400);
    expect(t.db.query("SELECT COUNT(*) AS n FROM channels").get()).toEqual({ n: 1 });
  });

  test("logout signs a channel out; it pairs again with reconnect", async () => {
    const t = makeIntegrationApp();
    const key = makeKey(t, "all", "manage");
    const ch = await json(
      await api(t, key, "/api/v1/channels", { method: "POST", json: { phone: "+14302028897" } }),
    );
    await qrOf(t, key, ch.id);
    await t.sessions.simulator!.scan(ch.id);
    expect((await json(await api(t, key, `/api/v1/channels/${ch.id}`))).status).toBe("connected");

    expect(
      (await api(t, makeKey(t, "all", "read"), `/api/v1/channels/${ch.id}/logout`, { method: "POST" }))
        .status,
    ).toBe(403);
    const out = await api(t, key, `/api/v1/channels/${ch.id}/logout`, { method: "POST" });
    expect(out.status).toBe(202);
    expect((await json(out)).status).toBe("disconnected");
    expect((await api(t, key, `/api/v1/channels/${ch.id}/logout`, { method: "POST" })).status).toBe(409);

    expect((await api(t, key, `/api/v1/channels/${ch.id}/reconnect`, { method: "POST" })).status).toBe(202);
    expect(await qrOf(t, key, ch.id)).toBeString();
  });

  test("a channel whose pairing a restart interrupted (pending, no code) gets a fresh code from reconnect", async () => {
    const t = makeIntegrationApp();
    const a = makeChannel(t.db);
    t.db
      .query(
        "UPDATE channels SET status = 'pending', status_reason = 'Pairing was interrupted by a restart: refresh the code to pair.', qr = NULL WHERE id = ?",
      )
      .run(a);
    const key = makeKey(t, [a], "manage");
    expect((await json(await api(t, key, `/api/v1/channels/${a}/qr`))).qr).toBeNull();
    expect((await api(t, key, `/api/v1/channels/${a}/reconnect`, { method: "POST" })).status).toBe(202);
    expect(await qrOf(t, key, a)).toBeString();
  });

  test("a signed-out channel is paired again with reconnect; a connected or unreachable one is refused", async () => {
    const t = makeIntegrationApp();
    const a = makeChannel(t.db);
    const b = makeChannel(t.db, "+447700900999");
    const key = makeKey(t, [a], "manage");
    expect((await api(t, key, `/api/v1/channels/${a}/reconnect`, { method: "POST" })).status).toBe(409);
    expect((await api(t, key, `/api/v1/channels/${b}/reconnect`, { method: "POST" })).status).toBe(404);
    expect(
      (await api(t, makeKey(t, [a], "read"), `/api/v1/channels/${a}/reconnect`, { method: "POST" })).status,
    ).toBe(403);

    t.db
      .query(
        "UPDATE channels SET status = 'disconnected', status_reason = 'Signed out from the phone' WHERE id = ?",
      )
      .run(a);
    const res = await api(t, key, `/api/v1/channels/${a}/reconnect`, { method: "POST" });
    expect(res.status).toBe(202);
    expect(await qrOf(t, key, a)).toBeString();
  });
});
