import { describe, expect, test } from "bun:test";
import type { DriverEvent, DriverSession, WhatsAppDriver } from "../../src/whatsapp/driver.ts";

/**
 * What a driver's test harness provides so both drivers pass one contract: the simulator's is in
 * contract.test.ts; the Baileys driver's feeds a fake socket. Every "phone side" action goes through
 * the harness, every Pairbox action through the driver interface itself.
 */
export type DriverHarness = {
  driver: WhatsAppDriver;
  channelId: number;
  /** The channel's own number (E.164): the JID it connects as. */
  ownPhone: string;
  /** Every event emitted by sessions made with session(), in order. */
  events: DriverEvent[];
  /** A new session for the channel (a restart makes a second one). */
  session(): DriverSession;
  /** Moves the driver's timers forward. */
  advance(ms: number): Promise<void>;
  /** The phone scans the current code. */
  pair(session: DriverSession): Promise<void>;
  /** A person writes to the channel from their phone. */
  receiveText(input: { fromPhone: string; name: string; text: string }): Promise<void>;
  /** A person reacts to a message (an empty emoji takes the reaction back). */
  receiveReaction(input: {
    fromPhone: string;
    name: string;
    targetWaId: string;
    emoji: string;
  }): Promise<void>;
  /** The recipient's phone acknowledges a sent message. */
  acknowledge(waId: string, status: "delivered" | "read"): Promise<void>;
  /** The network drops; the driver should come back by itself. */
  dropConnection(): Promise<void>;
  close(): void;
};

const of = <T extends DriverEvent["type"]>(events: DriverEvent[], type: T) =>
  events.filter((e): e is Extract<DriverEvent, { type: T }> => e.type === type);

export function driverContract(name: string, makeHarness: () => Promise<DriverHarness>) {
  describe(`driver contract: ${name}`, () => {
    async function paired() {
      const h = await makeHarness();
      const s = h.session();
      await s.start();
      await h.pair(s);
      return { h, s };
    }

    test("an unpaired channel starts with a pairing code, and the code rotates", async () => {
      const h = await makeHarness();
      const s = h.session();
      expect(h.driver.hasCredentials(h.channelId)).toBe(false);
      await s.start();
      const first = of(h.events, "qr");
      expect(first.length).toBe(1);
      await h.advance(20_000);
      const codes = of(h.events, "qr").map((e) => e.qr);
      expect(codes.length).toBe(2);
      expect(codes[1]).not.toBe(codes[0]);
      h.close();
    });

    test("scanning pairs the channel as its own number, and keeps it paired", async () => {
      const { h } = await paired();
      expect(of(h.events, "connected").at(-1)?.ownJid).toBe(`${h.ownPhone.slice(1)}@s.whatsapp.net`);
      expect(h.driver.hasCredentials(h.channelId)).toBe(true);
      h.close();
    });

    test("a send resolves with WhatsApp's id, and receipts follow it to read", async () => {
      const { h, s } = await paired();
      const waId = await s.send("+447700900123", { type: "text", text: "Hello" });
      expect(waId).toMatch(/^[A-Za-z0-9]{8,}$/);
      await h.acknowledge(waId, "delivered");
      await h.acknowledge(waId, "read");
      const statuses = of(h.events, "receipt")
        .filter((r) => r.waId === waId)
        .map((r) => r.status);
      expect(statuses).toContain("delivered");
      expect(statuses.at(-1)).toBe("read");
      h.close();
    });

    test("an inbound text arrives normalised: JIDs, E.164 phones, direction, type", async () => {
      const { h } = await paired();
      await h.receiveText({ fromPhone: "+447700900123", name: "Ann Lee", text: "Is the shop open?" });
      const m = of(h.events, "message").at(-1)!;
      expect(m.media).toBeNull();
      expect(m.message).toMatchObject({
        channelId: h.channelId,
        chatJid: "447700900123@s.whatsapp.net",
        kind: "direct",
        direction: "inbound",
        senderPhone: "+447700900123",
        peerPhone: "+447700900123",
        senderName: "Ann Lee",
        text: "Is the shop open?",
        type: "text",
      });
      expect(m.message.waId.length).toBeGreaterThan(5);
      expect(m.message.timestamp).toBeGreaterThan(1_600_000_000_000);
      h.close();
    });

    test("a reaction arrives as a change of the message it names, never as a message", async () => {
      const { h } = await paired();
      await h.receiveText({ fromPhone: "+447700900123", name: "Ann Lee", text: "Is the shop open?" });
      const target = of(h.events, "message").at(-1)!.message.waId;
      const messages = of(h.events, "message").length;
      await h.receiveReaction({
        fromPhone: "+447700900123",
        name: "Ann Lee",
        targetWaId: target,
        emoji: "👍",
      });
      expect(of(h.events, "message").length).toBe(messages);
      expect(of(h.events, "message-change").at(-1)).toMatchObject({
        chatJid: "447700900123@s.whatsapp.net",
        change: { kind: "reaction", targetWaId: target, by: "447700900123@s.whatsapp.net", emoji: "👍" },
      });
      h.close();
    });

    test("a sender name arrives without the bidi controls that could disguise it", async () => {
      const { h } = await paired();
      await h.receiveText({ fromPhone: "+447700900124", name: "\u202eeeL nnA\u202c\n", text: "hi" });
      expect(of(h.events, "message").at(-1)!.message.senderName).toBe("eeL nnA");
      h.close();
    });

    test("a dropped connection shows disconnected, then comes back by itself", async () => {
      const { h } = await paired();
      const before = of(h.events, "connected").length;
      await h.dropConnection();
      expect(of(h.events, "status").at(-1)?.status).toBe("disconnected");
      await h.advance(60_000);
      expect(of(h.events, "connected").length).toBe(before + 1);
      h.close();
    });

    test("a restart reconnects with the saved keys, without a new code", async () => {
      const { h, s } = await paired();
      await s.stop();
      const codes = of(h.events, "qr").length;
      const connects = of(h.events, "connected").length;
      const again = h.session();
      await again.start();
      await h.advance(0);
      expect(of(h.events, "qr").length).toBe(codes);
      expect(of(h.events, "connected").length).toBe(connects + 1);
      h.close();
    });

    test("logout unlinks the device: disconnected, keys gone", async () => {
      const { h, s } = await paired();
      await s.logout();
      expect(of(h.events, "status").at(-1)?.status).toBe("disconnected");
      expect(h.driver.hasCredentials(h.channelId)).toBe(false);
      h.close();
    });
  });
}
