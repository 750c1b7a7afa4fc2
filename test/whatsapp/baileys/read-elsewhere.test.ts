import { describe, expect, test } from "bun:test";
import { proto } from "@whiskeysockets/baileys";
import { connected, settle } from "./fixtures.ts";

const { Status } = proto.WebMessageInfo;
const ALICE = "447700900123@s.whatsapp.net";

describe("reads on the phone", () => {
  test("a read of incoming messages on another device is reported; reads of our sends stay receipts", async () => {
    const f = await connected();
    f.sock.emit("messages.update", [
      { key: { remoteJid: ALICE, fromMe: false, id: "IN1" }, update: { status: Status.READ } },
      { key: { remoteJid: ALICE, fromMe: false, id: "IN2" }, update: { status: Status.READ } },
      { key: { remoteJid: ALICE, fromMe: false, id: "IN3" }, update: { status: Status.DELIVERY_ACK } },
      { key: { remoteJid: ALICE, fromMe: true, id: "OUT1" }, update: { status: Status.READ } },
    ]);
    await settle();
    expect(f.of("read-elsewhere")).toEqual([{ type: "read-elsewhere", waIds: ["IN1", "IN2"] }]);
    expect(f.of("receipt")).toEqual([{ type: "receipt", waId: "OUT1", status: "read" }]);
  });
});
