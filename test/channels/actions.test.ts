import { beforeEach, describe, expect, test } from "bun:test";
import { postForm } from "../helpers/app.ts";
import { channelRow, channelsFixture, page } from "./fixture.ts";

/** The channel life cycle through its HTTP actions, driven by the simulator (demo mode). */

let f: Awaited<ReturnType<typeof channelsFixture>>;
let id: number;

const act = (action: string, fields: Record<string, string> = {}) =>
  postForm(f.t, `/channels/${id}/${action}`, f.admin, { from: "page", ...fields });
const sim = () => f.t.deps.sessions.simulator!;

beforeEach(async () => {
  f = await channelsFixture();
  const res = await postForm(f.t, "/channels", f.admin, {
    phone: "+14302028897",
    name: "Sales",
    access: "all",
  });
  id = Number(/\/channels\/(\d+)/.exec(res.headers.get("location") ?? "")?.[1]);
});

describe("pairing", () => {
  test("a new number waits in pending with a pairing code drawn on the page", async () => {
    expect(channelRow(f.t, id)).toMatchObject({ status: "pending" });
    expect(channelRow(f.t, id).qr).toBeTruthy();
    const { html } = await page(f.t, `/channels/${id}`, f.admin);
    expect(html).toMatch(new RegExp(`<img class="qr" id="qr" src="/channels/${id}/qr.svg\\?v=\\d+"`));
    expect(html).toContain("Link a device");
    const svg = await f.t.request(`/channels/${id}/qr.svg`, { session: f.admin });
    expect(await svg.text()).toStartWith("<svg");
  });

  test("Refresh QR asks for a new code", async () => {
    const before = channelRow(f.t, id).qr;
    const res = await act("refresh-qr");
    expect(res.headers.get("location")).toBe(`/channels/${id}?done=refresh-qr`);
    expect(channelRow(f.t, id).qr).not.toBe(before);
    expect((await page(f.t, `/channels/${id}?done=refresh-qr`, f.admin)).html).toContain(
      "Asked WhatsApp for a new pairing code.",
    );
  });

  test("the demo Scan connects: the code disappears and the status reads Connected", async () => {
    const res = await act("scan");
    expect(res.headers.get("location")).toBe(`/channels/${id}?done=scan`);
    expect(channelRow(f.t, id).status).toBe("connected");
    const { html } = await page(f.t, `/channels/${id}`, f.admin);
    expect(html).toContain('data-status="connected"');
    expect(html).toContain(">Connected<");
    expect(html).not.toContain("qr.svg");
    expect((await page(f.t, `/channels/${id}/qr.svg`, f.admin)).status).toBe(404);
  });

  test("Scan from the page through htmx answers with just the notice (the status follows by the stream)", async () => {
    const res = await f.t.request(`/channels/${id}/scan`, {
      method: "POST",
      session: f.admin,
      headers: { "hx-request": "true", "x-csrf-token": f.admin.csrf },
      body: new URLSearchParams({ _csrf: f.admin.csrf, from: "page" }),
    });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("The demo phone scanned the code.");
    expect(html).not.toContain("<html");
    expect(channelRow(f.t, id).status).toBe("connected");
  });

  test("the demo phone may scan as another number: the channel refuses it and says which numbers differ", async () => {
    const form = (await page(f.t, `/channels/${id}`, f.admin)).html;
    expect(form).toMatch(/<input[^>]*name="as_phone"[^>]*>/);
    const res = await act("scan", { as_phone: "+44 7700 900999" });
    expect(res.headers.get("location")).toBe(`/channels/${id}?done=wrong-number`);
    expect(channelRow(f.t, id)).toMatchObject({
      status: "error",
      status_reason: "Paired with +447700900999, but this channel is +14302028897",
    });
    const { html } = await page(f.t, `/channels/${id}?done=wrong-number`, f.admin);
    expect(html).toContain("Paired with +447700900999, but this channel is +14302028897");
    expect(html).toContain("The phone that scanned has another number");
    // Reconnect, then the channel's own number (the field left empty) pairs.
    await act("reconnect");
    await act("scan", { as_phone: "" });
    expect(channelRow(f.t, id).status).toBe("connected");
  });

  test("a demo scan as a number that is not one is refused before anything pairs", async () => {
    const res = await act("scan", { as_phone: "not a number" });
    expect(res.headers.get("location")).toBe(`/channels/${id}?done=bad-scan-number`);
    expect(channelRow(f.t, id).status).toBe("pending");
    expect((await page(f.t, `/channels/${id}?done=bad-scan-number`, f.admin)).html).toContain(
      "with its country code (e.g. +447700900123), or leave it empty for the channel",
    );
  });

  test("Refresh QR on a connected number, or Scan with no code waiting, is refused with a reason", async () => {
    await act("scan");
    expect((await act("refresh-qr")).headers.get("location")).toBe(`/channels/${id}?done=already-connected`);
    expect((await act("scan")).headers.get("location")).toBe(`/channels/${id}?done=not-pending`);
    expect((await page(f.t, `/channels/${id}?done=not-pending`, f.admin)).html).toContain(
      "can only scan a channel that is waiting",
    );
    expect(channelRow(f.t, id).status).toBe("connected");
  });

  test("an expired code says so and offers Refresh QR", async () => {
    f.t.db
      .query(
        "UPDATE channels SET status = 'disconnected', status_reason = 'QR expired: refresh to try again', qr = NULL WHERE id = ?",
      )
      .run(id);
    const { html } = await page(f.t, `/channels/${id}`, f.admin);
    expect(html).toContain("The pairing code expired.");
    expect(html).toContain('data-action="refresh-qr"');
    await act("refresh-qr");
    expect(channelRow(f.t, id)).toMatchObject({ status: "pending" });
  });
});

describe("a connected channel", () => {
  beforeEach(async () => {
    await act("scan");
  });

  test("Check status records the last activity and says so", async () => {
    f.t.db.query("UPDATE channels SET last_activity_at = NULL WHERE id = ?").run(id);
    const res = await act("check");
    expect(res.headers.get("location")).toBe(`/channels/${id}?done=check`);
    expect(channelRow(f.t, id).last_activity_at).toBeNumber();
    const { html } = await page(f.t, `/channels/${id}?done=check`, f.admin);
    expect(html).toContain("Status checked just now.");
    expect(html).toMatch(/Last activity: <time datetime="\d{4}-/);
  });

  test("Logout signs it out (Reconnect offered), Reconnect brings it back to pending with a new code", async () => {
    expect((await act("logout")).headers.get("location")).toBe(`/channels/${id}?done=logout`);
    expect(channelRow(f.t, id).status).toBe("disconnected");
    const out = await page(f.t, `/channels/${id}`, f.admin);
    expect(out.html).toContain('data-action="reconnect"');
    expect(out.html).toContain("Use <strong>Reconnect</strong> to pair it again.");
    await expect(sim().inject(id, { fromPhone: "+447700900123", name: "Ana", text: "hi" })).rejects.toThrow();

    expect((await act("reconnect")).headers.get("location")).toBe(`/channels/${id}?done=reconnect`);
    expect(channelRow(f.t, id).status).toBe("pending");
    expect(channelRow(f.t, id).qr).toBeTruthy();
  });

  test("a passing drop of a paired channel says it reconnects by itself, not that the device is signed out", async () => {
    await act("scan");
    f.t.db
      .query(
        "UPDATE channels SET status = 'disconnected', status_reason = 'Connection to WhatsApp lost: reconnecting' WHERE id = ?",
      )
      .run(id);
    const dropped = await page(f.t, `/channels/${id}`, f.admin);
    expect(dropped.html).toContain("Pairbox reconnects by itself");
    expect(dropped.html).not.toContain("to pair it again");
  });

  test("an error shows its text and time on the page and on hover in the list", async () => {
    await sim().fail(id, "Banned by WhatsApp <script>");
    const row = channelRow(f.t, id);
    expect(row.status).toBe("error");
    const p = await page(f.t, `/channels/${id}`, f.admin);
    expect(p.html).toContain('<details class="status-error-detail" open="">');
    expect(p.html).toContain("Banned by WhatsApp &lt;script&gt;");
    expect(p.html).toMatch(/At <time datetime="\d{4}-/);
    expect(p.html).toContain('data-action="reconnect"');
    const list = await page(f.t, "/channels", f.admin);
    expect(list.html).toMatch(
      /class="badge status-error" data-status="error" title="Banned by WhatsApp &lt;script&gt; \(\d{4}-\d\d-\d\d \d\d:\d\d UTC\)"/,
    );
  });

  test("an action from the list goes back to the list", async () => {
    const res = await postForm(f.t, `/channels/${id}/check`, f.admin, { from: "list" });
    expect(res.headers.get("location")).toBe("/channels?done=check");
    expect((await page(f.t, "/channels?done=check", f.admin)).html).toContain("Status checked just now.");
  });

  test("Delete removes the channel and its session; its conversations stay, marked as from a deleted channel", async () => {
    await sim().inject(id, { fromPhone: "+447700900123", name: "Ana Before", text: "An old question" });
    const res = await act("delete");
    expect(res.headers.get("location")).toBe("/channels?done=deleted");
    expect(channelRow(f.t, id).deleted_at).toBeNumber();
    expect((await page(f.t, "/channels?done=deleted", f.admin)).html).not.toContain("+14302028897");
    expect((await page(f.t, `/channels/${id}`, f.admin)).status).toBe(404);
    await expect(sim().inject(id, { fromPhone: "+447700900123", name: "Ana", text: "hi" })).rejects.toThrow();
    const kept = f.t.db
      .query<{ n: number }, [number]>("SELECT count(*) AS n FROM messages WHERE channel_id = ?")
      .get(id);
    expect(kept?.n).toBe(1);
    const inbox = await page(f.t, `/inbox?channel=${id}`, f.admin);
    expect(inbox.html).toContain("Ana Before");
    expect(inbox.html).toContain("(deleted)");
  });
});

describe("when the session does not answer", () => {
  test("a failed command is reported in plain words, and the channel is unchanged", async () => {
    f.t.deps.sessions.checkStatus = async () => {
      throw new Error("socket hang up");
    };
    expect((await act("check")).headers.get("location")).toBe(`/channels/${id}?done=session-failed`);
    expect((await page(f.t, `/channels/${id}?done=session-failed`, f.admin)).html).toContain(
      "The WhatsApp session did not respond.",
    );
    expect(channelRow(f.t, id).status).toBe("pending");
  });

  test("Delete still deletes, and says the phone may still list the device", async () => {
    f.t.deps.sessions.remove = async () => {
      throw new Error("socket hang up");
    };
    expect((await act("delete")).headers.get("location")).toBe("/channels?done=deleted-unclean");
    expect(channelRow(f.t, id).deleted_at).toBeNumber();
    expect((await page(f.t, "/channels?done=deleted-unclean", f.admin)).html).toContain(
      "remove it under Settings → Linked devices",
    );
  });
});

describe("the live stream", () => {
  test("tells an open page its channel changed, and only that", async () => {
    const res = await f.t.request(`/channels/events?channel=${id}`, { session: f.admin });
    expect(res.headers.get("content-type")).toContain("text/event-stream");
    const reader = res.body!.getReader();
    const read = async () => new TextDecoder().decode((await reader.read()).value);
    expect(await read()).toContain(": connected");
    await act("scan");
    let text = "";
    while (!text.includes("event: channel-changed")) text += await read();
    expect(text).toContain(`data: ${id}`);
    await reader.cancel();
  });
});

describe("outside demo mode", () => {
  test("there is no Scan and no inject form, and both addresses are 404", async () => {
    f = await channelsFixture({ demo: false });
    const ch = f.t.db
      .query(
        "INSERT INTO channels (phone_e164, name, country_prefix, access, status, created_at, updated_at) VALUES ('+14302028897', 'Live', '', '{\"all\":true}', 'pending', 0, 0) RETURNING id",
      )
      .get() as { id: number };
    const { html } = await page(f.t, `/channels/${ch.id}`, f.admin);
    expect(html).not.toContain("Scan (demo)");
    expect(html).not.toContain("Inject inbound message");
    expect((await postForm(f.t, `/channels/${ch.id}/scan`, f.admin, {})).status).toBe(404);
    expect(
      (await postForm(f.t, `/channels/${ch.id}/inject`, f.admin, { fromPhone: "+447700900123", text: "hi" }))
        .status,
    ).toBe(404);
  });
});
