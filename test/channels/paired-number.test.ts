import { describe, expect, test } from "bun:test";
import { inbound } from "../inbox/fixtures.ts";
import { setPaired } from "../../src/whatsapp/simulator/store.ts";
import { pairedNumberRefusal } from "../../src/channels/paired-number.ts";
import { engineFixture } from "../whatsapp/engine-fixture.ts";

/**
 * Anyone who scans a channel's QR code links their own phone to it. A phone whose number is not
 * the channel's is refused: the device is logged out (so that phone lists it no more), its keys are
 * wiped, and the channel shows the error with both numbers.
 */

type State = {
  status: string;
  status_reason: string;
  last_error: string;
  wa_jid: string | null;
  qr: string | null;
};
const state = (f: ReturnType<typeof engineFixture>, id: number) =>
  f.row<State>("SELECT status, status_reason, last_error, wa_jid, qr FROM channels WHERE id = ?", id);
const messages = (f: ReturnType<typeof engineFixture>) =>
  f.row<{ n: number }>("SELECT count(*) AS n FROM messages").n;

describe("the number that pairs must be the channel's", () => {
  test("a phone with another number is unlinked, its keys wiped, and the channel says which numbers differ", async () => {
    const f = engineFixture();
    const id = f.channel("+14155550100");
    await f.sessions.start(id);
    await f.sessions.simulator!.scan(id, "+447700900999");
    expect(state(f, id)).toMatchObject({
      status: "error",
      status_reason: "Paired with +447700900999, but this channel is +14155550100",
      last_error: "Paired with +447700900999, but this channel is +14155550100",
      wa_jid: null,
      qr: null,
    });
    expect(f.logouts).toEqual([id]);
    expect(f.sim.hasCredentials(id)).toBe(false);
    expect(f.hubEvents).toContainEqual({ type: "channel.status", channelId: id });
  });

  test("nothing the stranger's phone says afterwards is stored or changes the status", async () => {
    const f = engineFixture();
    const id = f.channel("+14155550100");
    await f.sessions.start(id);
    await f.sessions.simulator!.scan(id, "+447700900999");
    f.emit(id, { type: "status", status: "connected", reason: "" });
    await f.emit(id, {
      type: "message",
      message: inbound(id, { text: "from the stranger's chats" }),
      media: null,
    });
    f.emit(id, { type: "history", messages: [{ message: inbound(id, { text: "old chat" }), media: null }] });
    expect(messages(f)).toBe(0);
    expect(state(f, id).status).toBe("error");
  });

  test("Reconnect brings a fresh code, and the channel's own phone then pairs as usual", async () => {
    const f = engineFixture();
    const id = f.channel("+14155550100");
    await f.sessions.start(id);
    await f.sessions.simulator!.scan(id, "+447700900999");
    await f.sessions.reconnect(id);
    expect(state(f, id)).toMatchObject({ status: "pending" });
    expect(state(f, id).qr).toStartWith("SIM@");
    await f.sessions.simulator!.scan(id);
    expect(state(f, id)).toMatchObject({
      status: "connected",
      status_reason: "",
      wa_jid: "14155550100@s.whatsapp.net",
    });
    await f.sessions.simulator!.inject(id, { fromPhone: "+447700900123", name: "Ann", text: "hello" });
    expect(messages(f)).toBe(1);
  });

  test("keys of another number saved before this check are refused when the channel reconnects at start-up", async () => {
    const f = engineFixture();
    const id = f.channel("+14155550100");
    setPaired(f.db, id, true, "+447700900999");
    await f.sessions.startAll();
    expect(state(f, id)).toMatchObject({
      status: "error",
      status_reason: "Paired with +447700900999, but this channel is +14155550100",
    });
    await f.sessions.idle();
    expect(f.sim.hasCredentials(id)).toBe(false);
  });
});

describe("comparing the paired number", () => {
  test("the JID's device suffix does not matter; another number or none at all is refused", () => {
    expect(pairedNumberRefusal("+14155550100", "14155550100@s.whatsapp.net")).toBeNull();
    expect(pairedNumberRefusal("+14155550100", "14155550100:12@s.whatsapp.net")).toBeNull();
    expect(pairedNumberRefusal("+14155550100", "447700900999:3@s.whatsapp.net")).toBe(
      "Paired with +447700900999, but this channel is +14155550100",
    );
    expect(pairedNumberRefusal("+14155550100", "")).toBe(
      "Paired, but WhatsApp did not say with which number: this channel is +14155550100",
    );
    expect(pairedNumberRefusal("+14155550100", "123456789012345@lid")).toBe(
      "Paired, but WhatsApp did not say with which number: this channel is +14155550100",
    );
  });
});
