import { inboxFixture, settle, type InboxFixture } from "../inbox/http-fixture.ts";
import type { Session } from "../helpers/app.ts";

export const MINUTE = 60_000;

/**
 * A team's morning through the real code paths (ingest, the reply box, the status form), each at a
 * chosen minute after the fixture's start (2026-01-15 09:00 UTC, a Thursday):
 *
 * - A (Sales): writes at 0, Admin replies at 5, resolves at 30; writes again at 60 (reopens),
 *   Sam replies at 62, resolves at 120.
 * - B (Sales): writes at 10 and 11, Admin replies at 40; still open.
 * - C (Support, which Sam may not use): writes at 15, Admin replies at 16, resolves at 20.
 */
export async function seededMorning(f?: InboxFixture) {
  const fx = f ?? (await inboxFixture());
  const start = fx.t.clock();
  const at = (minute: number) => {
    const target = start + minute * MINUTE;
    fx.t.advance(target - fx.t.clock());
  };
  const conv: Record<string, number> = {};
  const write = (name: string, channel: number, phone: string) => {
    const r = fx.receive(channel, { peerPhone: phone, senderPhone: phone, timestamp: fx.t.clock() });
    conv[name] = r.conversationId;
  };
  const reply = async (name: string, who: Session) => {
    const r = await fx.post(`/inbox/c/${conv[name]}/send`, who, { text: "On it", key: crypto.randomUUID() });
    if (r.status !== 200) throw new Error(`reply failed: ${r.status}`);
    await settle(fx);
  };
  const resolve = async (name: string, who: Session) => {
    const r = await fx.post(`/inbox/c/${conv[name]}/status`, who, { status: "resolved" });
    if (r.status >= 400) throw new Error(`resolve failed: ${r.status}`);
  };
  at(0);
  write("A", fx.sales, "+447700900001");
  at(5);
  await reply("A", fx.admin);
  at(10);
  write("B", fx.sales, "+447700900002");
  at(11);
  write("B", fx.sales, "+447700900002");
  at(15);
  write("C", fx.support, "+447700900003");
  at(16);
  await reply("C", fx.admin);
  at(20);
  await resolve("C", fx.admin);
  at(30);
  await resolve("A", fx.admin);
  at(40);
  await reply("B", fx.admin);
  at(60);
  write("A", fx.sales, "+447700900001");
  at(62);
  await reply("A", fx.sam);
  at(120);
  await resolve("A", fx.sam);
  return { ...fx, conv, start };
}

/** The CSV as rows of cells (no quoted commas in these fixtures). */
export function csvRows(text: string): Record<string, string>[] {
  const [head, ...lines] = text.trim().split("\r\n");
  const cols = head!.split(",");
  return lines.map((l) => Object.fromEntries(l.split(",").map((v, i) => [cols[i]!, v])));
}
