import { describe, expect, test } from "bun:test";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inflateSync } from "node:zlib";
import { inbound, makeChannel } from "../inbox/fixtures.ts";
import { insertUser } from "../../src/auth/users-store.ts";
import { markMediaStored } from "../../src/messaging/media-state.ts";
import { attachmentsOf } from "../../src/records/attachments.ts";
import { listNotifications } from "../../src/notifications/store.ts";
import { WINDOW_MESSAGE } from "../../src/messaging/send.ts";
import {
  addWorkflow,
  createInvoice,
  createRecord,
  HOUR,
  makeWorkflowServices,
  runsOf,
  send,
} from "./fixtures.ts";

const PHONE = "+447700900123";
const textOf = (s: { payload: unknown }) =>
  (s.payload as { text?: string; caption?: string }).text ?? (s.payload as { caption: string }).caption;

/** The text a PDF draws, from its (possibly deflated) content streams. */
async function pdfText(path: string): Promise<string> {
  const bytes = new Uint8Array(await Bun.file(path).arrayBuffer());
  const raw = new TextDecoder("latin1").decode(bytes);
  let out = raw;
  for (const m of raw.matchAll(/stream\r?\n/g)) {
    const start = m.index! + m[0].length;
    const end = raw.indexOf("endstream", start);
    try {
      out += new TextDecoder("latin1").decode(inflateSync(bytes.subarray(start, end)));
    } catch {
      // not a deflated stream
    }
  }
  return out;
}

describe("recipes, end to end", () => {
  test("1. the customer sends INVOICE and gets their latest invoice as a PDF", async () => {
    const t = makeWorkflowServices();
    const channelId = makeChannel(t.db);
    const contact = createRecord(t, "contact", { name: "Ann Lee", phone: PHONE });
    createInvoice(t, contact, "INV-0041");
    t.advance(1000);
    createInvoice(t, contact, "INV-0042");
    createInvoice(t, contact, "Q-0007", "quote");
    const flow = addWorkflow(
      t,
      "contact",
      [
        send("Here is your invoice, {{ __data.record.first_name | default: 'there' }}.", {
          attachment: "invoice",
        }),
      ],
      { pattern: "INVOICE" },
    );

    t.services.ingest.ingest(inbound(channelId, { peerPhone: PHONE, text: "invoice" }));
    await t.drain();

    expect(runsOf(t, flow)[0]!.status).toBe("done");
    expect(t.sent).toHaveLength(1);
    const out = t.sent[0]!;
    expect(out.to).toBe(PHONE);
    expect(out.payload).toMatchObject({
      type: "document",
      mime: "application/pdf",
      caption: "Here is your invoice, Ann.",
    });
    const payload = out.payload as { filePath: string; fileName: string };
    expect(payload.fileName).toContain("INV-0042");
    expect(await pdfText(payload.filePath)).toContain("%PDF-");
  });

  test("2. the customer sends an image: it is saved to the deal and the deal owner is notified", async () => {
    const t = makeWorkflowServices();
    const channelId = makeChannel(t.db);
    const owner = insertUser(
      t.db,
      {
        name: "Sam Sales",
        email: "sam@example.com",
        passwordHash: "x",
        active: true,
        permissionSetIds: [],
        groupIds: [],
      },
      0,
    );
    const deal = createRecord(t, "deal", { name: "Kitchen refit", phone: PHONE, ownerUserId: owner });
    const flow = addWorkflow(t, "deal", [
      { kind: "condition", expression: "__data.incoming_whatsapp.message_type == 'media'" },
      { kind: "save_media" },
      { kind: "notify", target: "owner", text: "New file from {{ __data.incoming_whatsapp.display_name }}" },
    ]);

    const photo = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 4]);
    const res = t.services.ingest.ingest(
      inbound(channelId, {
        peerPhone: PHONE,
        text: "",
        type: "image",
        senderName: "Ann",
        media: { mime: "image/jpeg", size: photo.length, fileName: null },
      }),
    );
    if (!res.stored) throw new Error("not stored");
    await t.drain(); // the media is still downloading: the step waits for it
    expect(attachmentsOf(t.db, deal)).toHaveLength(0);

    const put = await t.services.media.putBytes(photo);
    if (!put.ok) throw new Error(put.error);
    markMediaStored(t.db, res.messageId, put.sha256, put.size);
    t.advance(20_000);
    await t.drain();

    const run = runsOf(t, flow)[0]!;
    expect(run.status).toBe("done");
    expect(attachmentsOf(t.db, deal).map((a) => ({ sha256: a.sha256, mime: a.mime }))).toEqual([
      { sha256: put.sha256, mime: "image/jpeg" },
    ]);
    const notes = listNotifications(t.db, owner);
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatchObject({ title: "New file from Ann", href: `/inbox/c/${res.conversationId}` });
  });

  test("2b. a text message on the same deal skips the media steps", async () => {
    const t = makeWorkflowServices();
    const channelId = makeChannel(t.db);
    const deal = createRecord(t, "deal", { name: "Kitchen refit", phone: PHONE });
    const flow = addWorkflow(t, "deal", [
      { kind: "condition", expression: "__data.incoming_whatsapp.message_type == 'media'" },
      { kind: "save_media" },
    ]);
    t.services.ingest.ingest(inbound(channelId, { peerPhone: PHONE, text: "just text" }));
    await t.drain();
    expect(runsOf(t, flow)[0]!.stepRows.map((s) => s.status)).toEqual(["done", "skipped"]);
    expect(attachmentsOf(t.db, deal)).toHaveLength(0);
  });

  test("3. YES → wait an hour → follow-up, across a restart", async () => {
    const dir = mkdtempSync(join(tmpdir(), "pairbox-wf-"));
    const dbPath = join(dir, "pairbox.db");
    const before = makeWorkflowServices({ dbPath });
    const channelId = makeChannel(before.db);
    createRecord(before, "contact", { name: "Ann Lee", phone: PHONE });
    const flow = addWorkflow(
      before,
      "contact",
      [send("Thanks, confirmed!"), { kind: "wait", amount: 1, unit: "hours" }, send("How did it go?")],
      { pattern: "YES*" },
    );
    before.services.ingest.ingest(inbound(channelId, { peerPhone: PHONE, text: "Yes!" }));
    await before.drain();
    expect(before.sent.map(textOf)).toEqual(["Thanks, confirmed!"]);
    before.db.close();

    const after = makeWorkflowServices({ dbPath, mediaDir: before.mediaDir, now: before.clock() + HOUR - 1 });
    await after.drain();
    expect(after.sent).toHaveLength(0);
    after.advance(1);
    await after.drain();
    expect(after.sent.map(textOf)).toEqual(["How did it go?"]);
    expect(runsOf(after, flow)[0]!.status).toBe("done");
    after.db.close();
  });

  test("4. a send to someone who has not written in 24 hours fails with the window message", async () => {
    const t = makeWorkflowServices();
    const channelId = makeChannel(t.db);
    createRecord(t, "contact", { name: "Ann Lee", phone: PHONE });
    const flow = addWorkflow(t, "contact", [
      { kind: "wait", amount: 25, unit: "hours" },
      send("Still interested?"),
    ]);
    t.services.ingest.ingest(inbound(channelId, { peerPhone: PHONE, text: "maybe" }));
    await t.drain();
    t.advance(25 * HOUR);
    await t.drain();
    const run = runsOf(t, flow)[0]!;
    expect(run.status).toBe("failed");
    expect(run.error).toBe(WINDOW_MESSAGE);
    expect(run.stepRows[1]!.error).toBe(WINDOW_MESSAGE);
    expect(t.sent).toHaveLength(0);
  });
});
