import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { BaileysEventMap } from "@whiskeysockets/baileys";
import { realSocketFactory, type SocketFactory } from "../../src/whatsapp/baileys/socket.ts";
import type { WaUser } from "../wa-server/user.ts";
import { pairChannel, startScene, waitUntil, type Scene } from "./harness.ts";

/**
 * WhatsApp delivers a message again at the next login only while it has no delivery receipt for it.
 * So the receipt must follow the commit: a Pairbox that dies after Baileys decrypted a message and
 * before it is stored gets the message again when it comes back, and stores it once.
 */

const CHANNEL_PHONE = "+14155550170";
let scene: Scene;
let phone: WaUser;
let erin: WaUser;

/**
 * Pairbox's storing "dies" for the sockets opened before `die()`: what Baileys hands them (before
 * the receipt with our patch, in messages.upsert after it without) is swallowed, never stored, as
 * if the process had been killed at that moment; Baileys itself carries on as it would.
 */
let socketsOpened = 0;
let deadUpTo = 0;
let swallowed: string[] = [];
const crashable: SocketFactory = (o) => {
  const generation = ++socketsOpened;
  const dead = () => generation <= deadUpTo;
  const sock = realSocketFactory({
    ...o,
    handOver: (msg) => {
      if (!dead()) return o.handOver(msg);
      swallowed.push(msg.key?.id ?? "");
      return new Promise(() => {});
    },
  });
  const on = sock.ev.on.bind(sock.ev);
  sock.ev.on = (event, listener) =>
    on(event, (arg) => {
      if (event === "messages.upsert" && dead()) {
        for (const m of (arg as BaileysEventMap["messages.upsert"]).messages) swallowed.push(m.key?.id ?? "");
        return;
      }
      listener(arg);
    });
  return sock;
};

beforeAll(async () => {
  scene = await startScene({ driver: { socketFactory: crashable } });
  await pairChannel(scene, CHANNEL_PHONE);
  phone = scene.wa.account(CHANNEL_PHONE);
  erin = scene.wa.contact("+447700900171", { name: "Erin" });
});

afterAll(async () => {
  await scene.close();
});

const copies = (waId: string) =>
  scene.pb.db.query<{ n: number }, [string]>("SELECT count(*) AS n FROM messages WHERE wa_id = ?").get(waId)!
    .n;

describe("store before ack", () => {
  test("a message Pairbox died before storing arrives again after the restart, and is stored once", async () => {
    const before = await erin.sendText(phone, "Is the boiler covered?");
    await waitUntil("the first message to be stored", () => copies(before.id) === 1);

    deadUpTo = socketsOpened;
    swallowed = [];
    const lost = await erin.sendText(phone, "The flat number is 4B");
    await waitUntil("Baileys to hand the message over to a Pairbox that dies", () =>
      swallowed.includes(lost.id),
    );
    expect(copies(lost.id)).toBe(0);
    // No receipt may have left for a message that is not stored: WhatsApp would never resend it.
    expect(scene.wa.events.some((e) => e.type === "receipt" && e.receipt.ids.includes(lost.id))).toBe(false);

    await scene.restart();
    await waitUntil("the message WhatsApp delivered again to be stored", () => copies(lost.id) === 1, 20_000);
    await waitUntil("its receipt to reach WhatsApp", () =>
      scene.wa.events.some((e) => e.type === "receipt" && e.receipt.ids.includes(lost.id)),
    );
    const text = scene.pb.db
      .query<{ text: string }, [string]>("SELECT text FROM messages WHERE wa_id = ?")
      .get(lost.id)?.text;
    expect(text).toBe("The flat number is 4B");
    expect(copies(before.id)).toBe(1);
    expect(scene.wa.errors()).toEqual([]);
  });
});
