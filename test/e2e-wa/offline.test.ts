import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { createRecord } from "../../src/records/records.ts";
import { emptyInput } from "../../src/records/validate.ts";
import { insertEndpoint } from "../../src/webhooks/store.ts";
import { insertWorkflow } from "../../src/workflows/store.ts";
import type { WaUser } from "../wa-server/user.ts";
import { pairChannel, startScene, waitUntil, type Scene } from "./harness.ts";

/**
 * Messages written while Pairbox was down wait in WhatsApp's offline queue and arrive at the next
 * login (Baileys hands them over as `append`, not `notify`). They are live messages all the same:
 * unread, a workflow trigger, a webhook event; only the phone's history sync is history.
 */

const CHANNEL_PHONE = "+14155550130";
const DORA_PHONE = "+447700900130";
let scene: Scene;
let phone: WaUser;
let dora: WaUser;

beforeAll(async () => {
  scene = await startScene();
  await pairChannel(scene, CHANNEL_PHONE);
  phone = scene.wa.account(CHANNEL_PHONE);
  dora = scene.wa.contact(DORA_PHONE, { name: "Dora" });
  createRecord(
    scene.pb.db,
    "contact",
    { ...emptyInput(), first_name: "Dora", last_name: "Lane" },
    [{ e164: DORA_PHONE, original: DORA_PHONE }],
    Date.now(),
  );
  const adminId = scene.pb.db.query<{ id: number }, []>("SELECT id FROM users ORDER BY id LIMIT 1").get()!.id;
  // Nothing listens there: the event is what matters, its delivery is the webhook tests' business.
  insertEndpoint(
    scene.pb.db,
    { name: "", url: "http://127.0.0.1:9/", events: ["message.inbound"], channelIds: [], active: true },
    Date.now(),
    adminId,
  );
  insertWorkflow(
    scene.pb.db,
    {
      name: "Leak answer",
      recordType: "contact",
      enabled: true,
      pattern: "*leak*",
      steps: [
        {
          kind: "send_whatsapp",
          channel: "trigger",
          recipient: "sender",
          text: "We are on our way, {{ record.first_name }}",
          attachment: "none",
          file: null,
        },
      ],
    },
    Date.now(),
  );
});

afterAll(async () => {
  await scene.close();
});

describe("the offline queue", () => {
  test("a message sent while Pairbox was down arrives at login as a live message", async () => {
    let sentId = "";
    await scene.restart(async () => {
      sentId = (await dora.sendText(phone, "There is a leak under the sink")).id;
    });
    const delivered = scene.wa.events.find((e) => e.type === "delivered" && e.id === sentId);
    expect(delivered).toMatchObject({ offline: true });

    const reply = await scene.wa.waitForOutbound((m) => m.to === dora.jid);
    expect(reply.text).toBe("We are on our way, Dora");

    const row = scene.pb.db
      .query<{ from_history: number; conversation_id: number }, [string]>(
        "SELECT from_history, conversation_id FROM messages WHERE wa_id = ?",
      )
      .get(sentId);
    expect(row?.from_history).toBe(0);
    const list = await (await scene.pb.request("/inbox", { session: scene.admin })).text();
    expect(list).toContain('aria-label="1 unread"');
    await waitUntil(
      "the webhook event for the message",
      () =>
        scene.pb.db
          .query<{ n: number }, [number]>(
            "SELECT count(*) AS n FROM webhook_events WHERE type = 'message.inbound' AND conversation_id = ?",
          )
          .get(row!.conversation_id)?.n,
    );
    expect(scene.wa.errors()).toEqual([]);
  });
});
