import { describe, expect, test } from "bun:test";
import { connected, makeDriverFixture, settle } from "./fixtures.ts";

/** The Baileys driver's calls, typing, passkey demand and chat actions, against a fake socket. */

const ALICE = "447700900123@s.whatsapp.net";
const ALICE_LID = "55512312312345@lid";
const at = new Date(Date.UTC(2026, 0, 15, 9, 0, 0));

describe("calls and typing from WhatsApp", () => {
  test("a call's offer, accept and end are reported; other stages are not", async () => {
    const f = await connected();
    const base = { chatId: ALICE, from: ALICE, id: "C1", date: at, offline: false };
    f.sock.emit("call", [{ ...base, status: "offer", isVideo: true }]);
    f.sock.emit("call", [{ ...base, status: "relaylatency" }]);
    f.sock.emit("call", [{ ...base, status: "accept" }]);
    f.sock.emit("call", [{ ...base, status: "terminate" }]);
    await settle();
    expect(
      f.of("call").map((e) => (e.type === "call" ? [e.call.stage, e.call.video, e.call.fromPhone] : null)),
    ).toEqual([
      ["offer", true, "+447700900123"],
      ["accept", false, "+447700900123"],
      ["ended", false, "+447700900123"],
    ]);
  });

  test("a call from a LID carries the caller's number when WhatsApp gives it", async () => {
    const f = await connected();
    f.sock.emit("call", [
      {
        chatId: ALICE_LID,
        from: ALICE_LID,
        callerPn: ALICE,
        id: "C2",
        date: at,
        offline: true,
        status: "offer",
      },
    ]);
    await settle();
    expect(f.of("call")[0]).toMatchObject({
      call: { fromJid: ALICE_LID, fromLid: ALICE_LID, fromPhone: "+447700900123", offline: true },
    });
  });

  test("typing and recording in a direct chat are reported, paused as paused; group typing is not", async () => {
    const f = await connected();
    f.sock.emit("presence.update", { id: ALICE, presences: { [ALICE]: { lastKnownPresence: "composing" } } });
    f.sock.emit("presence.update", { id: ALICE, presences: { [ALICE]: { lastKnownPresence: "recording" } } });
    f.sock.emit("presence.update", { id: ALICE, presences: { [ALICE]: { lastKnownPresence: "available" } } });
    f.sock.emit("presence.update", {
      id: "120363041234567890@g.us",
      presences: { [ALICE]: { lastKnownPresence: "composing" } },
    });
    await settle();
    expect(f.of("presence")).toEqual([
      { type: "presence", chatJid: ALICE, state: "composing" },
      { type: "presence", chatJid: ALICE, state: "recording" },
      { type: "presence", chatJid: ALICE, state: "paused" },
    ]);
  });

  test("WhatsApp's passkey_prologue_request while pairing is reported as a blocked pairing", async () => {
    const f = makeDriverFixture();
    await f.session.start();
    await settle();
    f.sock.rawNode("CB:notification,type:passkey_prologue_request", {
      attrs: { type: "passkey_prologue_request" },
    });
    await settle();
    expect(f.of("pairing-blocked")).toEqual([{ type: "pairing-blocked", reason: "passkey" }]);
  });
});

describe("chat actions", () => {
  test("read receipts, typing, presence and declining go to Baileys as its own calls", async () => {
    const f = await connected();
    await f.session.chat.markRead(ALICE, [{ waId: "IN1", participantJid: null }]);
    await f.session.chat.sendTyping(ALICE, "composing");
    await f.session.chat.watchPresence(ALICE);
    await f.session.chat.rejectCall("C1", ALICE);
    expect(f.sock.chatCalls).toEqual([
      { name: "readMessages", args: [[{ remoteJid: ALICE, id: "IN1", fromMe: false }]] },
      { name: "sendPresenceUpdate", args: ["composing", ALICE] },
      { name: "presenceSubscribe", args: [ALICE] },
      { name: "rejectCall", args: ["C1", ALICE] },
    ]);
  });

  test("a pairing code is asked for only while pairing, with the number's digits", async () => {
    const f = makeDriverFixture();
    await f.session.start();
    await settle();
    expect(await f.session.requestPairingCode("+14155550100")).toBe("ABCD1234");
    expect(f.sock.chatCalls).toEqual([{ name: "requestPairingCode", args: ["14155550100"] }]);
    f.sock.open();
    await settle();
    await expect(f.session.requestPairingCode("+14155550100")).rejects.toThrow(/not waiting to be linked/);
  });
});
