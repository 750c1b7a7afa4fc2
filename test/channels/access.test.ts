import { beforeEach, describe, expect, test } from "bun:test";
import { postForm } from "../helpers/app.ts";
import { accessibleChannelIds, findAccessibleChannel } from "../../src/channels/access.ts";
import { loadCurrentUser } from "../../src/auth/users-store.ts";
import { markChannelDeleted } from "../../src/channels/store.ts";
import { channelRow, channelsFixture, page, seedChannel } from "./fixture.ts";

/** Each response has its own CSP nonce; everything else must match. */
const withoutNonce = (html: string) => html.replace(/nonce="[^"]*"/g, "");

let f: Awaited<ReturnType<typeof channelsFixture>>;
let everyone: number;
let salesOnly: number;

beforeEach(async () => {
  f = await channelsFixture();
  everyone = seedChannel(f.t, "+14302028897", { name: "Front desk" });
  salesOnly = seedChannel(f.t, "+442079460958", {
    name: "Sales line",
    access: { all: false, permissionSets: [], groups: [f.groupId("Sales")], users: [] },
  });
  // A pending channel with a code, so the QR route has something to hide.
  f.t.db.query("UPDATE channels SET qr = 'pairing-code', qr_at = 1").run();
});

describe("who sees a channel", () => {
  test("the list shows each person only the channels on their access list", async () => {
    const sam = await page(f.t, "/channels", f.sam);
    const una = await page(f.t, "/channels", f.una);
    expect(sam.html).toContain("Front desk");
    expect(sam.html).toContain("Sales line");
    expect(una.html).toContain("Front desk");
    expect(una.html).not.toContain("Sales line");
    expect(una.html).not.toContain("+442079460958");
  });

  test("without access every address of the channel is a 404, the same as for a channel that does not exist", async () => {
    for (const suffix of ["", "/state", "/qr.svg"]) {
      const hidden = await page(f.t, `/channels/${salesOnly}${suffix}`, f.una);
      const missing = await page(f.t, `/channels/987654${suffix}`, f.una);
      expect(hidden.status).toBe(404);
      expect(withoutNonce(hidden.html)).toBe(withoutNonce(missing.html));
      expect(hidden.html).not.toContain("Sales line");
    }
    expect((await page(f.t, `/channels/events?channel=${salesOnly}`, f.una)).status).toBe(404);
  });

  test("with access through a group: the page and status show, the actions and the QR do not", async () => {
    const p = await page(f.t, `/channels/${salesOnly}`, f.sam);
    expect(p.status).toBe(200);
    expect(p.html).toContain("Sales line");
    expect(p.html).toContain('data-status="pending"');
    expect(p.html).not.toContain("/delete");
    expect(p.html).not.toContain("qr.svg");
    expect(p.html).toContain("Waiting for a channel manager to pair this number.");
    expect((await page(f.t, `/channels/${salesOnly}/qr.svg`, f.sam)).status).toBe(403);
  });

  test("a channel manager sees every channel, whatever its list says, and the QR", async () => {
    f.t.db
      .query("UPDATE channels SET access = ? WHERE id = ?")
      .run(JSON.stringify({ all: false, permissionSets: [], groups: [], users: [] }), salesOnly);
    expect((await page(f.t, "/channels", f.admin)).html).toContain("Sales line");
    const qr = await f.t.request(`/channels/${salesOnly}/qr.svg`, { session: f.admin });
    expect(qr.status).toBe(200);
    expect(qr.headers.get("content-type")).toBe("image/svg+xml");
    expect(qr.headers.get("cache-control")).toBe("no-store");
    expect(await qr.text()).toStartWith("<svg");
  });

  test("the helpers other features use narrow by the same rule", () => {
    const una = loadCurrentUser(f.t.db, f.una.userId)!;
    const sam = loadCurrentUser(f.t.db, f.sam.userId)!;
    expect(accessibleChannelIds(f.t.db, una)).toEqual([everyone]);
    expect(accessibleChannelIds(f.t.db, sam).sort()).toEqual([everyone, salesOnly].sort());
    expect(findAccessibleChannel(f.t.db, una, salesOnly)).toBeNull();
    expect(findAccessibleChannel(f.t.db, sam, salesOnly)?.name).toBe("Sales line");
  });

  test("a deleted channel leaves the channels pages but its history stays reachable for those with access", async () => {
    markChannelDeleted(f.t.db, salesOnly, 5);
    expect((await page(f.t, `/channels/${salesOnly}`, f.admin)).status).toBe(404);
    expect((await page(f.t, "/channels", f.admin)).html).not.toContain("Sales line");
    const sam = loadCurrentUser(f.t.db, f.sam.userId)!;
    expect(findAccessibleChannel(f.t.db, sam, salesOnly)?.deleted_at).toBe(5);
  });
});

describe("only channel managers change channels", () => {
  const actions = ["check", "refresh-qr", "logout", "reconnect", "delete", "scan", "edit", "inject"];

  test("an agent with access is refused every action with 403, and nothing changes", async () => {
    const before = channelRow(f.t, everyone);
    for (const action of actions) {
      const res = await postForm(f.t, `/channels/${everyone}/${action}`, f.sam, {
        name: "Hijacked",
        from: "page",
      });
      expect({ action, status: res.status }).toEqual({ action, status: 403 });
    }
    expect(channelRow(f.t, everyone)).toEqual(before);
    expect((await page(f.t, "/channels/new", f.sam)).status).toBe(403);
    expect((await page(f.t, `/channels/${everyone}/edit`, f.sam)).status).toBe(403);
  });

  test("an agent cannot add a number, and sees no button to", async () => {
    const res = await postForm(f.t, "/channels", f.sam, { phone: "+12025550123", access: "all" });
    expect(res.status).toBe(403);
    expect(f.t.db.query("SELECT count(*) AS n FROM channels").get()).toEqual({ n: 2 });
    expect((await page(f.t, "/channels", f.sam)).html).not.toContain("Add WhatsApp number");
  });

  test("an agent acting on a channel hidden from them gets the plain 404 of a channel that does not exist", async () => {
    for (const action of actions) {
      const hidden = await postForm(f.t, `/channels/${salesOnly}/${action}`, f.una, {});
      const missing = await postForm(f.t, `/channels/987654/${action}`, f.una, {});
      expect({ action, status: hidden.status }).toEqual({ action, status: 404 });
      expect(withoutNonce(await hidden.text())).toBe(withoutNonce(await missing.text()));
    }
    expect((await page(f.t, `/channels/${salesOnly}/edit`, f.una)).status).toBe(404);
    expect(channelRow(f.t, salesOnly).deleted_at).toBeNull();
  });

  test("a manager acting on a channel that does not exist gets 404", async () => {
    for (const action of actions)
      expect((await postForm(f.t, `/channels/987654/${action}`, f.admin, {})).status).toBe(404);
  });
});

describe("an open channel page whose channel goes away", () => {
  test("its live block is told so in place, with the same words for hidden and missing", async () => {
    const ask = (id: number) =>
      f.t.request(`/channels/${id}/state`, { session: f.una, headers: { "hx-request": "true" } });
    const hidden = await ask(salesOnly);
    const missing = await ask(987654);
    expect(hidden.status).toBe(404);
    const text = withoutNonce(await hidden.text());
    expect(text).toBe(withoutNonce(await missing.text()));
    expect(text).toContain("This channel is no longer available");
    expect(text).not.toContain("Sales line");
  });
});
