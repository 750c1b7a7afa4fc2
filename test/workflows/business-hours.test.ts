import { describe, expect, test } from "bun:test";
import { inbound, makeChannel } from "../inbox/fixtures.ts";
import { saveBusinessHours } from "../../src/channels/business-hours-store.ts";
import { claimOncePerDay } from "../../src/workflows/once-store.ts";
import { addWorkflow, createRecord, HOUR, makeWorkflowServices, runsOf, send } from "./fixtures.ts";

const PHONE = "+447700900123";

/** The README recipe: an away reply outside hours, once per conversation per day. */
function awayReply(now?: number) {
  // 2026-01-15 09:00 UTC (the fixture's start) is a Thursday: 10:00 in Berlin.
  const t = makeWorkflowServices({ now });
  const channelId = makeChannel(t.db);
  saveBusinessHours(
    t.db,
    channelId,
    {
      timeZone: "Europe/Berlin",
      weekly: {
        mon: [["09:00", "17:00"]],
        tue: [["09:00", "17:00"]],
        wed: [["09:00", "17:00"]],
        thu: [["09:00", "17:00"]],
        fri: [["09:00", "17:00"]],
      },
      holidays: ["2026-01-16"],
    },
    0,
  );
  createRecord(t, "contact", { name: "Ann Lee", phone: PHONE });
  const flow = addWorkflow(t, "contact", [
    { kind: "business_hours", when: "outside" },
    { kind: "once_per_day" },
    send("We are closed now and answer from 09:00."),
  ]);
  const write = async () => {
    t.services.ingest.ingest(
      inbound(channelId, { peerPhone: PHONE, senderPhone: PHONE, timestamp: t.clock() }),
    );
    await t.drain();
  };
  return { t, flow, write };
}

describe("an away reply outside business hours, once per conversation per day", () => {
  test("within hours nothing is sent; the run says why it stopped", async () => {
    const { t, flow, write } = awayReply();
    await write();
    expect(t.sent).toHaveLength(0);
    expect(runsOf(t, flow)[0]!.stepRows[0]!.result).toContain("within business hours (Europe/Berlin)");
  });

  test("after hours the customer gets one reply that evening, however often they write, and one more the next day", async () => {
    const { t, write } = awayReply();
    t.advance(9 * HOUR); // 19:00 in Berlin
    await write();
    t.advance(HOUR);
    await write();
    expect(t.sent.map((s) => (s.payload as { text: string }).text)).toEqual([
      "We are closed now and answer from 09:00.",
    ]);
    // Friday 16 January is a holiday in this channel: closed all day, and a new day for "once".
    t.advance(14 * HOUR); // Friday 10:00 in Berlin
    await write();
    expect(t.sent).toHaveLength(2);
  });

  test("the same UTC time is after hours in winter time and within them once the clocks went forward", async () => {
    // Mondays 07:30 UTC: 08:30 CET on 23 March, 09:30 CEST on 30 March (Berlin changed on the 29th).
    const winter = awayReply(Date.UTC(2026, 2, 23, 7, 30));
    await winter.write();
    expect(winter.t.sent).toHaveLength(1);
    const summer = awayReply(Date.UTC(2026, 2, 30, 7, 30));
    await summer.write();
    expect(summer.t.sent).toHaveLength(0);
  });

  test("a channel without hours counts as always within them", async () => {
    const t = makeWorkflowServices();
    const channelId = makeChannel(t.db);
    createRecord(t, "contact", { name: "Ann Lee", phone: PHONE });
    const flow = addWorkflow(t, "contact", [{ kind: "business_hours", when: "within" }, send("Hello")]);
    t.services.ingest.ingest(inbound(channelId, { peerPhone: PHONE, senderPhone: PHONE }));
    await t.drain();
    expect(t.sent).toHaveLength(1);
    expect(runsOf(t, flow)[0]!.stepRows[0]!.result).toContain("none are set");
  });
});

describe("the once-per-day mark", () => {
  test("the run that claimed a day passes again when its step is retried; another run that day does not", async () => {
    const { t, flow, write } = awayReply();
    t.advance(9 * HOUR);
    await write();
    await write();
    const [first, second] = runsOf(t, flow);
    const claim = (runId: number, day = "2026-01-15") =>
      claimOncePerDay(t.db, {
        workflowId: flow,
        stepIndex: 1,
        conversationId: first!.conversation_id!,
        day,
        runId,
      });
    expect(claim(first!.id)).toBe(true);
    expect(claim(second!.id)).toBe(false);
    expect(claim(second!.id, "2026-01-16")).toBe(true);
  });
});
