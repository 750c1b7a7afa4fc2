import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { realSocketFactory, type SocketFactory } from "../../src/whatsapp/baileys/socket.ts";
import type { WaUser } from "../wa-server/user.ts";
import { pairChannel, startScene, waitUntil, type Scene } from "./harness.ts";

/**
 * Baileys (our patch) decrypts and hands over a channel's next messages while earlier ones await
 * their commit, so one group commit gathers many of them. Each receipt must still follow its own
 * commit, and the Signal state those decryptions moved on must not be written before the messages
 * are stored: a Pairbox that dies with several messages in flight gets all of them again.
 */

const CHANNEL_PHONE = "+14155550190";
let scene: Scene;
let phone: WaUser;
let fay: WaUser;
let gus: WaUser;

/** What the test does to the sockets' hand-over: pass it on, hold the commit's answer, or die after it. */
let mode: "pass" | "hold" | "die" = "pass";
let openGate = () => {};
let gate: Promise<void> = Promise.resolve();
const handed: string[] = [];
const swallowed: string[] = [];
const factory: SocketFactory = (o) =>
  realSocketFactory({
    ...o,
    handOver: async (msg) => {
      const id = msg.key?.id ?? "";
      if (mode === "die") {
        // Taken, then the process "dies" before the commit: its answer never comes.
        swallowed.push(id);
        return { stored: new Promise<void>(() => {}) };
      }
      const { stored } = await o.handOver(msg);
      handed.push(id);
      if (mode === "pass") return { stored };
      const held = gate;
      return { stored: stored.then(() => held) };
    },
  });

beforeAll(async () => {
  scene = await startScene({ driver: { socketFactory: factory } });
  await pairChannel(scene, CHANNEL_PHONE);
  phone = scene.wa.account(CHANNEL_PHONE);
  fay = scene.wa.contact("+447700900191", { name: "Fay" });
  gus = scene.wa.contact("+447700900192", { name: "Gus" });
});

afterAll(async () => {
  await scene.close();
});

const copies = (waId: string) =>
  scene.pb.db.query<{ n: number }, [string]>("SELECT count(*) AS n FROM messages WHERE wa_id = ?").get(waId)!
    .n;
const receiptFor = (waId: string) =>
  scene.wa.events.some((e) => e.type === "receipt" && e.receipt.ids.includes(waId));
const sessionRows = () =>
  scene.pb.db
    .query<{ id: string; value: string }, []>(
      "SELECT id, value FROM wa_auth_keys WHERE type = 'session' ORDER BY id",
    )
    .all();

describe("receipts with several messages in flight on one channel", () => {
  test("the next messages are handed over before the first is answered; each receipt follows its own commit", async () => {
    // Sessions set up first (pre-key messages), so the burst below is ordinary Signal messages.
    for (const u of [fay, gus]) {
      const first = await u.sendText(phone, "hello");
      await waitUntil("the first message's receipt", () => receiptFor(first.id));
    }
    // Every receipt, at the moment WhatsApp gets it, must name a message already committed.
    const early: string[] = [];
    const stop = scene.wa.subscribe((e) => {
      if (e.type !== "receipt") return;
      for (const id of e.receipt.ids) if (copies(id) !== 1) early.push(id);
    });
    const keysBefore = sessionRows();
    mode = "hold";
    gate = new Promise((resolve) => (openGate = resolve));
    handed.length = 0;
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) ids.push((await (i % 2 ? gus : fay).sendText(phone, `part ${i}`)).id);

    // All six taken while the first one's commit is still unanswered: they were in flight together.
    await waitUntil("all six messages to be handed over", () => ids.every((id) => handed.includes(id)));
    await waitUntil("all six to be committed", () => ids.every((id) => copies(id) === 1));
    expect(ids.some(receiptFor)).toBe(false);
    // The Signal state their decryption moved on is held until their answer came.
    expect(sessionRows()).toEqual(keysBefore);

    openGate();
    await waitUntil("a receipt for each of the six", () => ids.every(receiptFor));
    stop();
    expect(early).toEqual([]);
    // Receipts go out in the order the messages came.
    const order = scene.wa.events
      .flatMap((e) => (e.type === "receipt" ? e.receipt.ids : []))
      .filter((id) => ids.includes(id));
    expect(order).toEqual(ids);
    expect(sessionRows()).not.toEqual(keysBefore);
    expect(scene.wa.errors()).toEqual([]);
    mode = "pass";
  });

  test("a Pairbox that dies with several messages handed over gets each of them again, stored once", async () => {
    mode = "die";
    swallowed.length = 0;
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) ids.push((await (i % 2 ? gus : fay).sendText(phone, `lost ${i}`)).id);
    // Baileys went on decrypting after each hand-over, so all four were taken before any commit.
    await waitUntil("all four messages to be handed over", () => ids.every((id) => swallowed.includes(id)));
    expect(ids.map(copies)).toEqual([0, 0, 0, 0]);
    expect(ids.some(receiptFor)).toBe(false);

    mode = "pass";
    await scene.restart();
    await waitUntil(
      "the four delivered again to be stored",
      () => ids.every((id) => copies(id) === 1),
      20_000,
    );
    await waitUntil("their receipts to reach WhatsApp", () => ids.every(receiptFor));
    const texts = ids.map(
      (id) =>
        scene.pb.db.query<{ text: string }, [string]>("SELECT text FROM messages WHERE wa_id = ?").get(id)
          ?.text,
    );
    expect(texts).toEqual(["lost 0", "lost 1", "lost 2", "lost 3"]);
    expect(scene.wa.errors()).toEqual([]);
  });
});
