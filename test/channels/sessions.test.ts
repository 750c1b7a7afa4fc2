import { describe, expect, test } from "bun:test";
import { ensureDirectConversation } from "../../src/messaging/conversations-store.ts";
import { inbound } from "../inbox/fixtures.ts";
import { MEDIA_RETRY_JOB } from "../../src/channels/session-media.ts";
import { createSimulatorDriver } from "../../src/whatsapp/simulator/index.ts";
import { connectedChannel, engineFixture } from "../whatsapp/engine-fixture.ts";

type ChannelState = {
  status: string;
  status_reason: string;
  qr: string | null;
  wa_jid: string | null;
  last_error: string;
  last_activity_at: number | null;
};
type MediaRow = {
  id: number;
  media_status: string | null;
  media_sha256: string | null;
  media_error: string | null;
  media_size: number | null;
  type: string;
  text: string;
};
const channelState = (f: ReturnType<typeof engineFixture>, id: number) =>
  f.row<ChannelState>(
    "SELECT status, status_reason, qr, wa_jid, last_error, last_activity_at FROM channels WHERE id = ?",
    id,
  );
const messageByWa = (f: ReturnType<typeof engineFixture>, waId: string) =>
  f.row<MediaRow>(
    "SELECT id, media_status, media_sha256, media_error, media_size, type, text FROM messages WHERE wa_id = ?",
    waId,
  );

const photo = {
  bytes: new Uint8Array([0xff, 0xd8, 0xff, 9, 9, 9, 9, 9]),
  fileName: "p.jpg",
  mime: "image/jpeg",
};

describe("session manager: pairing and status", () => {
  test("a new channel's QR is saved as pending; the scan connects it and clears the QR", async () => {
    const f = engineFixture();
    const id = f.channel();
    await f.sessions.start(id);
    const pending = channelState(f, id);
    expect(pending.status).toBe("pending");
    expect(pending.qr).toStartWith("SIM@");
    expect(f.sessionEvents).toContainEqual({ channelId: id, type: "qr" });
    f.advance(20_000);
    expect(channelState(f, id).qr).not.toBe(pending.qr);
    await f.sessions.simulator!.scan(id);
    expect(channelState(f, id)).toMatchObject({
      status: "connected",
      qr: null,
      wa_jid: "14155550100@s.whatsapp.net",
      status_reason: "",
    });
    expect(f.hubEvents).toContainEqual({ type: "channel.status", channelId: id });
  });

  test("a failure is an error with its text and time; a drop shows disconnected and comes back", async () => {
    const f = engineFixture();
    const id = await connectedChannel(f);
    await f.sessions.simulator!.disconnect(id);
    expect(channelState(f, id)).toMatchObject({
      status: "disconnected",
      status_reason: "Connection lost: reconnecting…",
    });
    f.advance(1000);
    expect(channelState(f, id).status).toBe("connected");
    await f.sessions.simulator!.fail(id, "Banned: this number may not use WhatsApp");
    expect(channelState(f, id)).toMatchObject({
      status: "error",
      last_error: "Banned: this number may not use WhatsApp",
    });
  });

  test("logout signs the channel out; reconnect brings it back to pending with a fresh QR", async () => {
    const f = engineFixture();
    const id = await connectedChannel(f);
    await f.sessions.logout(id);
    expect(channelState(f, id).status).toBe("disconnected");
    expect(f.sim.hasCredentials(id)).toBe(false);
    await f.sessions.reconnect(id);
    expect(channelState(f, id).status).toBe("pending");
    expect(channelState(f, id).qr).toStartWith("SIM@");
  });

  test("check status asks WhatsApp and records the activity", async () => {
    const f = engineFixture();
    const id = await connectedChannel(f);
    f.advance(60_000);
    await f.sessions.checkStatus(id);
    expect(channelState(f, id).last_activity_at).toBe(f.clockNow());
    expect(f.sessionEvents.at(-1)).toEqual({ channelId: id, type: "status" });
  });

  test("activity is written at most once per 10 s", async () => {
    const f = engineFixture();
    const id = await connectedChannel(f);
    const first = channelState(f, id).last_activity_at!;
    f.advance(3000);
    f.emit(id, { type: "activity" });
    expect(channelState(f, id).last_activity_at).toBe(first);
    f.advance(8000);
    f.emit(id, { type: "activity" });
    expect(channelState(f, id).last_activity_at).toBe(first + 11_000);
  });

  test("remove wipes the keys and the session's later events are ignored", async () => {
    const f = engineFixture();
    const id = await connectedChannel(f);
    const emitLater = (e: Parameters<typeof f.emit>[1]) => f.emit(id, e);
    await f.sessions.remove(id);
    expect(f.sim.hasCredentials(id)).toBe(false);
    f.db.query("UPDATE channels SET status = 'connected' WHERE id = ?").run(id);
    emitLater({ type: "status", status: "error", reason: "late" });
    expect(channelState(f, id).status).toBe("connected");
  });

  test("one channel's broken event does not stop another's", async () => {
    const f = engineFixture();
    const a = await connectedChannel(f, "+14155550100");
    const b = await connectedChannel(f, "+14155550101");
    f.emit(a, { type: "message", message: null as never, media: null });
    await f.sessions.simulator!.inject(b, { fromPhone: "+447700900123", name: "Ann", text: "still here" });
    expect(f.row<{ n: number }>("SELECT count(*) AS n FROM messages WHERE channel_id = ?", b).n).toBe(1);
  });
});

describe("session manager: start-up", () => {
  test("startAll reconnects only paired channels, without a new QR; an interrupted pairing loses its stale QR", async () => {
    const first = engineFixture();
    const paired = await connectedChannel(first, "+14155550100");
    const unpaired = first.channel("+14155550101");
    await first.sessions.start(unpaired);
    await first.sessions.stopAll();
    first.db.query("UPDATE channels SET status = 'disconnected' WHERE id = ?").run(paired);

    const again = engineFixture({ db: first.db });
    await again.sessions.startAll();
    expect(channelState(again, paired).status).toBe("connected");
    expect(again.sessionEvents.filter((e) => e.type === "qr")).toEqual([]);
    expect(channelState(again, unpaired)).toMatchObject({ status: "pending", qr: null });
  });

  test("an unpaired channel that was in error (no network while pairing) is not left claiming to retry after a restart", async () => {
    const first = engineFixture();
    const unpaired = first.channel("+14155550102");
    await first.sessions.start(unpaired);
    await first.sessions.stopAll();
    first.db
      .query(
        "UPDATE channels SET status = 'error', status_reason = 'Cannot reach WhatsApp', last_error = 'Cannot reach WhatsApp', qr = NULL WHERE id = ?",
      )
      .run(unpaired);

    const again = engineFixture({ db: first.db });
    await again.sessions.startAll();
    expect(channelState(again, unpaired)).toMatchObject({
      status: "disconnected",
      status_reason: "Pairing was interrupted by a restart: reconnect to pair the phone.",
      last_error: "Cannot reach WhatsApp",
    });
  });

  test("what a stopping session still hands over is stored (it was acknowledged to WhatsApp); its statuses are not", async () => {
    const late = inbound(0, { text: "sent just before the shutdown" });
    const f = engineFixture({
      whileStopping: async (channelId, emit) => {
        await Bun.sleep(1);
        emit({ type: "message", message: { ...late, channelId }, media: null });
        emit({ type: "status", status: "error", reason: "closing" });
      },
    });
    const id = await connectedChannel(f);
    await f.sessions.stopAll();
    expect(messageByWa(f, late.waId)?.text).toBe("sent just before the shutdown");
    expect(channelState(f, id).status).toBe("connected");
  });

  test("a message that cannot be stored is kept with its reason and stored by the job queue later", async () => {
    const f = engineFixture();
    const id = await connectedChannel(f);
    f.db.run(
      "CREATE TRIGGER disk_trouble BEFORE INSERT ON messages WHEN NEW.text = 'the pipe burst' BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END",
    );
    const message = inbound(id, { text: "the pipe burst" });
    await f.emit(id, { type: "message", message, media: null });
    expect(messageByWa(f, message.waId)).toBeNull();
    expect(
      f.row<{ error: string; stored_at: number | null }>(
        "SELECT error, stored_at FROM ingest_failures WHERE wa_id = ?",
        message.waId,
      ),
    ).toEqual({ error: "disk I/O error", stored_at: null });

    f.advance(5_000);
    await f.services.jobs.drain();
    expect(messageByWa(f, message.waId)).toBeNull();
    f.db.run("DROP TRIGGER disk_trouble");
    f.advance(10 * 60_000);
    await f.services.jobs.drain();
    expect(messageByWa(f, message.waId)?.text).toBe("the pipe burst");
    const failure = f.row<{ attempts: number; stored_at: number | null }>(
      "SELECT attempts, stored_at FROM ingest_failures WHERE wa_id = ?",
      message.waId,
    );
    expect(failure.attempts).toBe(2);
    expect(failure.stored_at).not.toBeNull();
  });

  test("a media download cut short by a stop is fetched again after the restart", async () => {
    const first = engineFixture();
    const id = await connectedChannel(first);
    const stalled = new Promise<Uint8Array>(() => {});
    await first.emit(id, {
      type: "message",
      message: inbound(id, {
        waId: "CUT1",
        text: "",
        type: "document",
        media: { mime: "application/pdf", size: 3, fileName: "a.pdf" },
      }),
      media: { download: () => stalled },
    });
    expect(messageByWa(first, "CUT1").media_status).toBe("pending");

    const again = engineFixture({ db: first.db });
    await again.sessions.startAll();
    expect(again.row<{ n: number }>("SELECT count(*) AS n FROM jobs WHERE kind = ?", MEDIA_RETRY_JOB).n).toBe(
      1,
    );
  });
});

describe("session manager: inbound messages and media", () => {
  test("a message is stored first, then its media; the same file is kept once", async () => {
    const f = engineFixture();
    const id = await connectedChannel(f);
    const one = await f.sessions.simulator!.inject(id, {
      fromPhone: "+447700900123",
      name: "Ann",
      text: "the crack",
      file: photo,
    });
    const two = await f.sessions.simulator!.inject(id, {
      fromPhone: "+447700900124",
      name: "Bob",
      text: "same photo",
      file: photo,
    });
    const a = messageByWa(f, one.waId);
    const b = messageByWa(f, two.waId);
    expect(a).toMatchObject({ type: "image", text: "the crack", media_status: "stored", media_size: 8 });
    expect(b.media_sha256).toBe(a.media_sha256);
    expect(f.files()).toHaveLength(1);
    expect(f.hubEvents).toContainEqual({
      type: "message.status",
      channelId: id,
      conversationId: expect.any(Number),
      messageId: a.id,
    });
  });

  test("media over the size cap is refused before storing: too_large, no file kept", async () => {
    const f = engineFixture({ maxUploadBytes: 4 });
    const id = await connectedChannel(f);
    const { waId } = await f.sessions.simulator!.inject(id, {
      fromPhone: "+447700900123",
      name: "Ann",
      text: "big",
      file: photo,
    });
    const m = messageByWa(f, waId);
    expect(m.media_status).toBe("too_large");
    expect(m.media_error).toContain("larger than");
    expect(f.files()).toEqual([]);
  });

  test("a failed download is recorded on the message, retried by a job, and by hand", async () => {
    const f = engineFixture({ mediaOverride: async () => Promise.reject(new Error("media expired")) });
    const id = await connectedChannel(f);
    const { waId } = await f.sessions.simulator!.inject(id, {
      fromPhone: "+447700900123",
      name: "Ann",
      text: "",
      file: photo,
    });
    expect(messageByWa(f, waId)).toMatchObject({
      media_status: "failed",
      media_error: "Download failed: media expired",
    });
    expect(f.row<{ n: number }>("SELECT count(*) AS n FROM jobs WHERE kind = ?", MEDIA_RETRY_JOB).n).toBe(1);

    // The job runs after its back-off and fetches the media again from the driver.
    f.advance(2 * 60_000);
    await f.services.jobs.drain();
    expect(messageByWa(f, waId).media_status).toBe("stored");

    const second = await f.sessions.simulator!.inject(id, {
      fromPhone: "+447700900123",
      name: "Ann",
      text: "",
      file: { ...photo, bytes: new Uint8Array([1, 2, 3]) },
    });
    expect(messageByWa(f, second.waId).media_status).toBe("failed");
    f.sessions.retryMedia(messageByWa(f, second.waId).id);
    await f.sessions.idle();
    expect(messageByWa(f, second.waId).media_status).toBe("stored");
  });

  test("history is stored as history, in batches, never as unread", async () => {
    const f = engineFixture();
    const id = await connectedChannel(f);
    const messages = Array.from({ length: 1200 }, (_, i) => ({
      message: inbound(id, { waId: `H${i}`, text: `old ${i}` }),
      media: null,
    }));
    f.emit(id, { type: "history", messages });
    expect(
      f.row<{ n: number; h: number }>("SELECT count(*) AS n, sum(from_history) AS h FROM messages").n,
    ).toBe(1200);
    expect(f.row<{ inbound_count: number }>("SELECT inbound_count FROM conversations").inbound_count).toBe(0);
  });

  test("history media is fetched after the batch is stored", async () => {
    const f = engineFixture();
    const id = await connectedChannel(f);
    const base = inbound(id, { text: "" });
    const file = (b: number) => ({ download: async () => new Uint8Array([b, b, b]) });
    await f.emit(id, {
      type: "history",
      messages: [
        {
          message: {
            ...base,
            waId: "HM1",
            type: "document",
            media: { mime: "application/pdf", size: 3, fileName: "a.pdf" },
          },
          media: file(1),
        },
        {
          message: {
            ...base,
            waId: "HM2",
            type: "document",
            media: { mime: "application/pdf", size: 3, fileName: "b.pdf" },
          },
          media: file(2),
        },
      ],
    });
    await f.sessions.idle();
    expect([messageByWa(f, "HM1").media_status, messageByWa(f, "HM2").media_status]).toEqual([
      "stored",
      "stored",
    ]);
    expect(f.files()).toHaveLength(2);
  });

  test("a retry for media WhatsApp no longer has says so on the message", async () => {
    const f = engineFixture({ mediaOverride: async () => Promise.reject(new Error("timed out")) });
    const id = await connectedChannel(f);
    await f.emit(id, {
      type: "message",
      message: inbound(id, {
        waId: "GONE1",
        text: "",
        type: "image",
        media: { mime: "image/jpeg", size: 10, fileName: null },
      }),
      media: { download: async () => new Uint8Array([1]) },
    });
    await f.sessions.idle();
    const m = messageByWa(f, "GONE1");
    expect(m.media_status).toBe("failed");
    f.sessions.retryMedia(m.id);
    await f.sessions.idle();
    expect(messageByWa(f, "GONE1")).toMatchObject({
      media_status: "failed",
      media_error: "WhatsApp no longer has this file.",
    });
  });

  test("a group update renames the conversation", async () => {
    const f = engineFixture();
    const id = await connectedChannel(f);
    await f.sessions.simulator!.inject(id, {
      fromPhone: "+447700900123",
      name: "Ann",
      text: "hi",
      groupJid: "120363041234567890",
      groupSubject: "Site",
    });
    await f.emit(id, {
      type: "group",
      groupJid: "120363041234567890@g.us",
      subject: "Site team (north)",
      participantCount: 12,
    });
    expect(
      f.row<{ title: string; participant_count: number }>(
        "SELECT title, participant_count FROM conversations",
      ),
    ).toEqual({ title: "Site team (north)", participant_count: 12 });
  });

  test("a LID mapping merges the LID's conversation into the phone's and links it again", async () => {
    const f = engineFixture();
    const id = await connectedChannel(f);
    await f.sessions.simulator!.inject(id, {
      fromPhone: "+447700900123",
      name: "Ann",
      text: "from my number",
    });
    await f.emit(id, {
      type: "message",
      media: null,
      message: {
        channelId: id,
        waId: "L1",
        chatJid: "99887766@lid",
        kind: "direct",
        direction: "inbound",
        senderPhone: null,
        senderLid: "99887766@lid",
        senderName: "Ann",
        peerPhone: null,
        peerLid: "99887766@lid",
        text: "from my LID",
        type: "text",
        timestamp: 1_700_000_000_000,
      },
    });
    expect(f.row<{ n: number }>("SELECT count(*) AS n FROM conversations").n).toBe(2);
    f.linked.length = 0;
    f.emit(id, { type: "lid", lid: "99887766@lid", phone: "+447700900123" });
    const convs = f.db
      .query<{ id: number; chat_jid: string }, []>("SELECT id, chat_jid FROM conversations")
      .all();
    expect(convs.map((c) => c.chat_jid)).toEqual(["447700900123@s.whatsapp.net"]);
    expect(
      f.row<{ n: number }>("SELECT count(*) AS n FROM messages WHERE conversation_id = ?", convs[0]!.id).n,
    ).toBe(2);
    expect(
      f.row<{ sender_phone: string }>("SELECT sender_phone FROM messages WHERE wa_id = 'L1'").sender_phone,
    ).toBe("+447700900123");
    expect(f.linked).toEqual([convs[0]!.id]);
  });
});

describe("session manager: sending and receipts", () => {
  async function queuedText(f: ReturnType<typeof engineFixture>, channelId: number, phone: string) {
    const conversation = ensureDirectConversation(f.db, channelId, phone, 0);
    return f.services.outbox.queue({
      conversationId: conversation.id,
      channelId,
      userId: null,
      type: "text",
      text: "Your order shipped",
      media: null,
      idempotencyKey: null,
    });
  }
  const status = (f: ReturnType<typeof engineFixture>, id: number) =>
    f.row<{ status: string; error: string | null; wa_id: string | null }>(
      "SELECT status, error, wa_id FROM messages WHERE id = ?",
      id,
    );

  test("a send goes through the channel's session; receipts move the row to delivered and read", async () => {
    const f = engineFixture();
    const id = await connectedChannel(f);
    const m = await queuedText(f, id, "+447700900123");
    await f.services.outbox.dispatch(m.id);
    const sent = status(f, m.id);
    expect(sent.status).toBe("sent");
    expect(f.sessions.simulator!.sent(id)).toEqual([
      { to: "+447700900123", payload: { type: "text", text: "Your order shipped" }, waId: sent.wa_id! },
    ]);
    f.advance(300);
    expect(status(f, m.id).status).toBe("delivered");
    f.advance(900);
    expect(status(f, m.id).status).toBe("read");
    expect(
      f.hubEvents.filter((e) => e.type === "message.status" && e.messageId === m.id).length,
    ).toBeGreaterThanOrEqual(4);
  });

  test("a receipt that arrives before the id is recorded is applied once it is", async () => {
    const f = engineFixture();
    const id = await connectedChannel(f);
    const m = await queuedText(f, id, "+447700900123");
    // The recipient's phone answers instantly: "sent" and "delivered" come before the outbox records the id.
    const originalSend = f.sessions.send;
    let waId = "";
    f.sessions.send = async (channelId, to, payload) => {
      waId = await originalSend(channelId, to, payload);
      f.emit(channelId, { type: "receipt", waId, status: "delivered" });
      return waId;
    };
    await f.sessions
      .send(id, "+447700900123", { type: "text", text: "x" })
      .then((w) => f.db.query("UPDATE messages SET wa_id = ?, status = 'sent' WHERE id = ?").run(w, m.id));
    // The manager replays kept receipts on the next timer turn, after the caller recorded the id.
    await new Promise((r) => setTimeout(r, 0));
    expect(status(f, m.id).status).toBe("delivered");
  });

  test("a message written while a paired channel reconnects waits for it and goes", async () => {
    const f = engineFixture();
    const id = await connectedChannel(f);
    await f.sessions.simulator!.disconnect(id);
    const m = await queuedText(f, id, "+447700900123");
    const dispatched = f.services.outbox.dispatch(m.id);
    await Bun.sleep(0);
    // Still queued while it waits: a restart now would send it, not call it interrupted.
    expect(status(f, m.id).status).toBe("queued");
    f.advance(1000);
    await dispatched;
    expect(status(f, m.id).status).toBe("sent");
  });

  test("messages still waiting for their turn at a restart are sent after it; only one really handed over is called interrupted, and that is announced", async () => {
    const first = engineFixture();
    const id = await connectedChannel(first);
    await first.sessions.simulator!.disconnect(id);
    const waiting = [
      await queuedText(first, id, "+447700900123"),
      await queuedText(first, id, "+447700900124"),
    ];
    for (const m of waiting) void first.services.outbox.dispatch(m.id);
    await Bun.sleep(0);
    expect(waiting.map((m) => status(first, m.id).status)).toEqual(["queued", "queued"]);
    const handedOver = await queuedText(first, id, "+447700900125");
    first.db.query("UPDATE messages SET status = 'sending' WHERE id = ?").run(handedOver.id);

    // The process stops here (nothing more of `first` runs); the next one starts on the same database.
    const again = engineFixture({ db: first.db });
    await again.sessions.startAll();
    again.advance(1000);
    await again.services.outbox.resume();
    expect(waiting.map((m) => status(again, m.id).status)).toEqual(["sent", "sent"]);
    expect(again.sessions.simulator!.sent(id).map((s) => s.to)).toEqual(["+447700900123", "+447700900124"]);
    expect(status(again, handedOver.id)).toMatchObject({
      status: "failed",
      error: "Interrupted by a restart: it may not have been sent. Retry to send it.",
    });
    expect(again.hubEvents).toContainEqual({
      type: "message.status",
      channelId: id,
      conversationId: handedOver.conversation_id,
      messageId: handedOver.id,
    });
  });

  test("a number not on WhatsApp fails the message with that reason", async () => {
    const f = engineFixture();
    const id = await connectedChannel(f);
    const m = await queuedText(f, id, "+447700900000");
    await f.services.outbox.dispatch(m.id);
    expect(status(f, m.id)).toMatchObject({ status: "failed", error: "This number is not on WhatsApp" });
  });

  test("a channel without a session refuses to send", async () => {
    const f = engineFixture();
    const id = f.channel();
    await expect(f.sessions.send(id, "+447700900123", { type: "text", text: "x" })).rejects.toThrow(
      "not connected",
    );
  });

  test("the simulator's controls exist only with the simulator driver", () => {
    const f = engineFixture();
    expect(f.sessions.simulator).not.toBeNull();
    expect(createSimulatorDriver({ db: f.db, clock: () => 0 }).kind).toBe("simulator");
  });
});
