import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { postForm } from "../helpers/app.ts";
import type { WaUser } from "../wa-server/user.ts";
import { pairChannel, replyFromInbox, startScene, waitUntil, type Scene } from "./harness.ts";

/**
 * Calls, typing and read receipts through the real Baileys client and the emulator, both ways: a
 * customer's call shows in the conversation (and is declined when the channel says so), their
 * typing shows in the open conversation, and opening a conversation or typing a reply tells their
 * phone, only when the channel's settings allow it.
 */

const CHANNEL_PHONE = "+14155550170";
let scene: Scene;
let phone: WaUser;
let carol: WaUser;
let channelId: number;
let conv: number;

beforeAll(async () => {
  scene = await startScene();
  channelId = await pairChannel(scene, CHANNEL_PHONE);
  phone = scene.wa.account(CHANNEL_PHONE);
  carol = scene.wa.contact("+447700900789", { name: "Carol" });
  await carol.sendText(phone, "Hello, it's Carol");
  conv = await waitUntil(
    "Carol's conversation",
    () => scene.pb.db.query<{ id: number }, []>("SELECT id FROM conversations LIMIT 1").get()?.id,
  );
});

afterAll(async () => {
  await scene.close();
});

const conversationHtml = async () =>
  (await scene.pb.request(`/inbox/c/${conv}`, { session: scene.admin })).text();

function setOptions(o: { readReceipts?: boolean; typing?: boolean; rejectCalls?: boolean }) {
  return postForm(scene.pb, `/channels/${channelId}/edit`, scene.admin, {
    name: "Sales",
    access: "all",
    options: "1",
    ...(o.readReceipts ? { readReceipts: "1" } : {}),
    ...(o.typing ? { typing: "1" } : {}),
    ...(o.rejectCalls ? { rejectCalls: "1" } : {}),
  });
}

/** Something the channel surely sends after what came before: its arrival means the rest went out first. */
async function marker(text: string): Promise<number> {
  await replyFromInbox(scene, conv, text);
  await scene.wa.waitForOutbound((m) => m.text === text);
  return scene.wa.events.length;
}

describe("calls from a customer", () => {
  test("an unanswered voice call and a video call show as missed; one picked up on the phone says so", async () => {
    carol.call(phone);
    await waitUntil("Missed voice call in the conversation", async () =>
      (await conversationHtml()).includes("Missed voice call"),
    );
    carol.call(phone, { video: true });
    carol.call(phone, { answeredElsewhere: true });
    await waitUntil("the video call and the answered call", async () => {
      const html = await conversationHtml();
      return html.includes("Missed video call") && html.includes("Voice call, answered on another device");
    });
    // Baileys turns a call that timed out into a "missed call" stub message too: it adds no row.
    const calls = scene.pb.db
      .query<{ n: number }, []>("SELECT count(*) AS n FROM messages WHERE type = 'call'")
      .get()!.n;
    expect(calls).toBe(3);
    expect(scene.wa.events.filter((e) => e.type === "call-declined")).toEqual([]);
  });

  test("with Reject calls automatically on, Baileys declines the call on WhatsApp", async () => {
    expect((await setOptions({ readReceipts: true, rejectCalls: true })).status).toBe(303);
    const callId = carol.call(phone);
    await scene.wa.waitFor((e) => e.type === "call-declined" && e.callId === callId, {
      what: "the linked device to decline the call",
    });
    await waitUntil("the declined call in the conversation", async () =>
      (await conversationHtml()).includes("Voice call, declined automatically"),
    );
    await setOptions({ readReceipts: true });
  });
});

describe("read receipts to the customer", () => {
  test("opening the conversation sends Carol's phone a read receipt for her new message", async () => {
    const { id } = await carol.sendText(phone, "Are you there?");
    await waitUntil("the message in the inbox", async () =>
      (await conversationHtml()).includes("Are you there?"),
    );
    await scene.wa.waitForReceipt((r) => r.type === "read" && r.ids.includes(id) && r.to === carol.jid, {
      what: "a read receipt for Carol's message",
    });
  });

  test("with the setting off, opening it sends none", async () => {
    await setOptions({});
    const { id } = await carol.sendText(phone, "Hello again?");
    await waitUntil("the message in the inbox", async () =>
      (await conversationHtml()).includes("Hello again?"),
    );
    await marker("Sorry, one moment");
    expect(scene.wa.receipts().some((r) => r.type === "read" && r.ids.includes(id))).toBe(false);
    await setOptions({ readReceipts: true });
  });
});

describe("typing", () => {
  test("Carol's typing shows in the open conversation, live, and goes when she stops", async () => {
    const abort = new AbortController();
    const res = await scene.pb.request(`/inbox/events?open=${conv}`, {
      session: scene.admin,
      signal: abort.signal,
    });
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let text = "";
    const until = async (needle: string) => {
      while (!text.includes(needle)) {
        const chunk = await reader.read();
        if (chunk.done) throw new Error(`the stream ended before ${needle}`);
        text += decoder.decode(chunk.value);
      }
    };
    await until(": connected");
    await scene.wa.waitFor((e) => e.type === "presence" && e.presence === "subscribe" && e.to === carol.jid, {
      what: "a presence subscription for Carol",
    });
    carol.typing(phone, "composing");
    await until("typing…");
    carol.typing(phone, "recording");
    await until("recording audio…");
    carol.typing(phone, "paused");
    await until(`<p id="typing-${conv}" class="typing" aria-live="polite"></p>`);
    abort.abort();
    await reader.cancel().catch(() => {});
  });

  test("with the setting on, an agent typing a reply shows typing on Carol's phone, then paused", async () => {
    await setOptions({ readReceipts: true, typing: true });
    const typing = (state: string) => postForm(scene.pb, `/inbox/c/${conv}/typing`, scene.admin, { state });
    expect((await typing("composing")).status).toBe(204);
    await scene.wa.waitFor((e) => e.type === "chatstate" && e.to === carol.jid && e.state === "composing", {
      what: "typing on Carol's phone",
    });
    await typing("paused");
    await scene.wa.waitFor((e) => e.type === "chatstate" && e.to === carol.jid && e.state === "paused", {
      what: "typing stopped on Carol's phone",
    });
  });

  test("with it off, nothing reaches Carol's phone", async () => {
    await setOptions({ readReceipts: true });
    const before = scene.wa.events.length;
    await postForm(scene.pb, `/inbox/c/${conv}/typing`, scene.admin, { state: "composing" });
    await marker("Typing stays private");
    expect(scene.wa.events.slice(before).filter((e) => e.type === "chatstate")).toEqual([]);
    expect(scene.wa.errors()).toEqual([]);
  });
});
