import { beforeEach, describe, expect, test } from "bun:test";
import { postForm, type Session } from "../helpers/app.ts";
import { channelsFixture, page, type ChannelsFixture } from "./fixture.ts";

/**
 * Demo mode (the simulator driver) gets calls, typing, read receipts and pairing by code like the
 * Baileys driver: each through the page or form a person uses, each checked in what the inbox shows
 * or what the simulated customer's phone was told.
 */

const ANA = "+447700900123";
let f: ChannelsFixture;
let id: number;
let conv: number;

const simulator = () => f.t.sessions.simulator!;
const told = () => simulator().told(id);

async function openConversation(session: Session = f.admin): Promise<string> {
  const res = await f.t.request(`/inbox/c/${conv}`, { session });
  expect(res.status).toBe(200);
  const html = await res.text();
  // Read receipts go out after the page is answered: wait until the driver has been asked, or a while.
  await Bun.sleep(0);
  await f.t.sessions.idle();
  return html;
}

function setOptions(o: { readReceipts?: boolean; typing?: boolean; rejectCalls?: boolean }) {
  return postForm(f.t, `/channels/${id}/edit`, f.admin, {
    name: "Sales",
    access: "all",
    options: "1",
    ...(o.readReceipts ? { readReceipts: "1" } : {}),
    ...(o.typing ? { typing: "1" } : {}),
    ...(o.rejectCalls ? { rejectCalls: "1" } : {}),
  });
}

const simulate = (what: string, fromPhone = ANA) =>
  postForm(f.t, `/channels/${id}/simulate-chat`, f.admin, { fromPhone, what });

async function inject(text: string) {
  const body = new FormData();
  for (const [k, v] of Object.entries({ _csrf: f.admin.csrf, fromPhone: ANA, name: "Ana", text }))
    body.set(k, v);
  expect(
    (await f.t.request(`/channels/${id}/inject`, { method: "POST", session: f.admin, body })).status,
  ).toBe(303);
}

async function waitFor<T>(what: string, check: () => T | null | undefined | false): Promise<T> {
  for (let i = 0; i < 200; i++) {
    const v = check();
    if (v) return v;
    await Bun.sleep(5);
  }
  throw new Error(`timed out waiting for ${what}`);
}

beforeEach(async () => {
  f = await channelsFixture();
  const res = await postForm(f.t, "/channels", f.admin, {
    phone: "+14302028897",
    name: "Sales",
    access: "all",
  });
  id = Number(/\/channels\/(\d+)/.exec(res.headers.get("location") ?? "")?.[1]);
  await postForm(f.t, `/channels/${id}/scan`, f.admin, {});
  await inject("Hello, are you open?");
  conv = f.t.db.query<{ id: number }, []>("SELECT id FROM conversations LIMIT 1").get()!.id;
});

describe("channel settings: what customers see", () => {
  test("the edit form shows read receipts on, typing and call rejection off, and saves each", async () => {
    const form = (await page(f.t, `/channels/${id}/edit`, f.admin)).html;
    expect(form).toMatch(/name="readReceipts" value="1" checked/);
    expect(form).not.toMatch(/name="typing" value="1" checked/);
    expect(form).not.toMatch(/name="rejectCalls" value="1" checked/);
    expect((await setOptions({ typing: true, rejectCalls: true })).status).toBe(303);
    const saved = (await page(f.t, `/channels/${id}/edit`, f.admin)).html;
    expect(saved).not.toMatch(/name="readReceipts" value="1" checked/);
    expect(saved).toMatch(/name="typing" value="1" checked/);
    expect(saved).toMatch(/name="rejectCalls" value="1" checked/);
  });

  test("an edit without the options box (an older form) leaves them as they were", async () => {
    await setOptions({ typing: true });
    await postForm(f.t, `/channels/${id}/edit`, f.admin, { name: "Renamed", access: "all" });
    expect((await page(f.t, `/channels/${id}/edit`, f.admin)).html).toMatch(
      /name="typing" value="1" checked/,
    );
  });
});

describe("calls", () => {
  test("an unanswered voice call and a video call show in the conversation as missed", async () => {
    expect((await simulate("voice")).headers.get("location")).toBe(`/channels/${id}?done=simulated`);
    await simulate("video");
    const html = await openConversation();
    expect(html).toContain("Missed voice call");
    expect(html).toContain("Missed video call");
    expect(html).toMatch(/class="msg in call"/);
  });

  test("a call picked up on the phone says so", async () => {
    await simulate("answered");
    expect(await openConversation()).toContain("Voice call, answered on another device");
  });

  test("with Reject calls automatically on, the call is declined on WhatsApp and says so", async () => {
    await setOptions({ readReceipts: true, rejectCalls: true });
    await simulate("voice");
    await waitFor("the call to be declined", () => told().some((t) => t.kind === "rejected"));
    expect(await openConversation()).toContain("Voice call, declined automatically");
  });

  test("with it off (the default) nothing is declined", async () => {
    await simulate("voice");
    await openConversation();
    expect(told().filter((t) => t.kind === "rejected")).toEqual([]);
  });

  test("only channel managers of a demo channel may simulate", async () => {
    expect((await simulate("voice")).status).toBe(303);
    expect(
      (await postForm(f.t, `/channels/${id}/simulate-chat`, f.sam, { fromPhone: ANA, what: "voice" })).status,
    ).toBe(403);
    expect((await simulate("dance")).status).toBe(400);
  });
});

describe("read receipts to customers", () => {
  test("opening the conversation tells the customer's phone it was read, once per message", async () => {
    await openConversation();
    const reads = () => told().filter((t) => t.kind === "read");
    await waitFor("a read receipt", () => reads().length === 1);
    expect(reads()[0]).toMatchObject({ chatJid: "447700900123@s.whatsapp.net" });
    expect((reads()[0] as { waIds: string[] }).waIds).toHaveLength(1);
    await openConversation();
    expect(reads()).toHaveLength(1);
    await inject("One more thing");
    await openConversation();
    await waitFor("a second read receipt", () => reads().length === 2);
    expect((reads()[1] as { waIds: string[] }).waIds).toHaveLength(1);
  });

  test("with the setting off, opening it tells the customer nothing", async () => {
    await setOptions({});
    await openConversation();
    await Bun.sleep(20);
    expect(told().filter((t) => t.kind === "read")).toEqual([]);
  });
});

describe("typing", () => {
  const typing = (state: string, session: Session = f.admin) =>
    postForm(f.t, `/inbox/c/${conv}/typing`, session, { state });

  test("with the setting on, an agent's typing shows on the customer's phone, at most once per 10 s", async () => {
    await setOptions({ readReceipts: true, typing: true });
    expect((await typing("composing")).status).toBe(204);
    await typing("composing");
    await typing("paused");
    f.t.advance(10_000);
    await typing("composing");
    expect(told().filter((t) => t.kind === "typing")).toEqual([
      { kind: "typing", chatJid: "447700900123@s.whatsapp.net", state: "composing" },
      { kind: "typing", chatJid: "447700900123@s.whatsapp.net", state: "paused" },
      { kind: "typing", chatJid: "447700900123@s.whatsapp.net", state: "composing" },
    ]);
  });

  test("with it off (the default) nothing is sent; a bad state is refused", async () => {
    expect((await typing("composing")).status).toBe(204);
    expect(told().filter((t) => t.kind === "typing")).toEqual([]);
    expect((await typing("shouting")).status).toBe(400);
  });

  test("a person without access to the channel cannot post typing for it", async () => {
    await postForm(f.t, `/channels/${id}/edit`, f.admin, {
      name: "Sales",
      access: "some",
      groupIds: String(f.groupId("Support")),
    });
    expect((await typing("composing", f.sam)).status).toBe(404);
  });

  test("the customer's typing shows in the open conversation, live, and goes when they stop", async () => {
    const abort = new AbortController();
    const res = await f.t.request(`/inbox/events?open=${conv}`, { session: f.admin, signal: abort.signal });
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let text = decoder.decode((await reader.read()).value);
    const until = async (needle: string) => {
      while (!text.includes(needle)) {
        const chunk = await reader.read();
        if (chunk.done) break;
        text += decoder.decode(chunk.value);
      }
    };
    await simulate("composing");
    await until("typing…");
    expect(text).toContain(`<p id="typing-${conv}" class="typing on"`);
    await simulate("recording");
    await until("recording audio…");
    const before = text.length;
    await simulate("paused");
    await until(`<p id="typing-${conv}" class="typing" aria-live="polite"></p>`);
    expect(text.slice(before)).not.toContain("typing…");
    // Typing, then the message itself: the line goes with the message's arrival.
    await simulate("composing");
    const typed = text.length;
    await until("typing…");
    await inject("Here it is");
    const empty = `<p id="typing-${conv}" class="typing" aria-live="polite"></p>`;
    while (!text.slice(typed).includes(empty)) {
      const chunk = await reader.read();
      if (chunk.done) break;
      text += decoder.decode(chunk.value);
    }
    expect(text.slice(typed)).toContain("Here it is");
    expect(text.slice(typed)).toContain(empty);
    abort.abort();
    await reader.cancel().catch(() => {});
  });
});

describe("pairing by phone code (demo)", () => {
  test("the channel page offers it; the code shows; the demo phone enters it and the channel connects", async () => {
    await postForm(f.t, `/channels/${id}/reconnect`, f.admin, {});
    const channel = (await page(f.t, `/channels/${id}`, f.admin)).html;
    expect(channel).toContain(`href="/channels/${id}/pair-code"`);
    expect((await page(f.t, `/channels/${id}/pair-code`, f.admin)).html).toContain('name="phone"');
    const bad = await postForm(f.t, `/channels/${id}/pair-code`, f.admin, { phone: "12345" });
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain("international format");
    const other = await postForm(f.t, `/channels/${id}/pair-code`, f.admin, { phone: "+442071838750" });
    expect(await other.text()).toContain("This channel is +14302028897");
    const res = await postForm(f.t, `/channels/${id}/pair-code`, f.admin, { phone: "+1 430 202 8897" });
    expect(res.status).toBe(200);
    const code = /data-code="([A-Z0-9]{8})"/.exec(await res.text())?.[1];
    expect(code).toBeDefined();
    await postForm(f.t, `/channels/${id}/demo-enter-code`, f.admin, { code: code! });
    expect((await page(f.t, `/channels/${id}/state`, f.admin)).html).toContain('data-status="connected"');
  });
});
