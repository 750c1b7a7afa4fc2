import { afterAll, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Database } from "bun:sqlite";
import { installWebhooks } from "../../src/webhooks/install.ts";
import { makeServices, SECRET, startReceiver } from "../webhooks/fixtures.ts";

const dir = mkdtempSync(join(tmpdir(), "pairbox-crash-"));
const dbPath = join(dir, "pairbox.db");
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the child until it has acknowledged `minAcks` messages plus a random extra moment, then SIGKILLs it. */
async function runAndKill(round: number, minAcks: number, extraMs: number): Promise<string[]> {
  const proc = Bun.spawn(["bun", join(import.meta.dir, "crash-child.ts"), dbPath, String(round)], {
    stdout: "pipe",
    stderr: "pipe",
  });
  const acks: string[] = [];
  const reader = proc.stdout.getReader();
  const decoder = new TextDecoder();
  let buffered = "";
  let killAt: number | null = null;
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffered += decoder.decode(value);
    const lines = buffered.split("\n");
    buffered = lines.pop()!;
    for (const line of lines) if (line.startsWith("ack ")) acks.push(line.slice(4));
    if (killAt === null && acks.length >= minAcks) killAt = Date.now() + extraMs;
    if (killAt !== null && Date.now() >= killAt) {
      proc.kill("SIGKILL");
      break;
    }
  }
  // Acks already in the pipe when the kill landed were acknowledged too.
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffered += decoder.decode(value);
  }
  for (const line of buffered.split("\n")) if (line.startsWith("ack ")) acks.push(line.slice(4));
  const code = await proc.exited;
  if (acks.length === 0)
    throw new Error(
      `the child acknowledged nothing (exit ${code}): ${await new Response(proc.stderr).text()}`,
    );
  expect(proc.signalCode).toBe("SIGKILL");
  return acks;
}

function check(acked: Set<string>) {
  const db = new Database(dbPath);
  try {
    expect(db.query<{ integrity_check: string }, []>("PRAGMA integrity_check").get()!.integrity_check).toBe(
      "ok",
    );
    const counts = new Map(
      db
        .query<{ wa_id: string; n: number }, []>("SELECT wa_id, count(*) AS n FROM messages GROUP BY wa_id")
        .all()
        .map((r) => [r.wa_id, r.n]),
    );
    const missing = [...acked].filter((w) => counts.get(w) !== 1);
    expect(missing).toEqual([]);
    // Every stored inbound message has its delivery, still pending or done: none lost.
    const undelivered = db
      .query<{ wa_id: string }, []>(
        `SELECT m.wa_id FROM messages m WHERE m.direction = 'inbound' AND NOT EXISTS (
           SELECT 1 FROM webhook_events e JOIN webhook_deliveries d ON d.event_id = e.id
           WHERE e.dedupe_key = 'message.inbound:' || m.id AND d.status IN ('pending', 'succeeded') AND d.job_id IS NOT NULL)`,
      )
      .all();
    expect(undelivered).toEqual([]);
    const orphanJobs = db
      .query<{ n: number }, []>(
        "SELECT count(*) AS n FROM webhook_deliveries d LEFT JOIN jobs j ON j.id = d.job_id WHERE j.id IS NULL",
      )
      .get()!.n;
    expect(orphanJobs).toBe(0);
  } finally {
    db.close();
  }
}

test("messages acknowledged before a SIGKILL are stored exactly once, with their webhook deliveries, at several kill points, and a restart delivers every one", async () => {
  const acked = new Set<string>();
  // Kill points: right after start-up, early, in the middle of a stream, later.
  const plan = [
    { minAcks: 1, extraMs: 0 },
    { minAcks: 30, extraMs: 3 },
    { minAcks: 80, extraMs: 17 },
    { minAcks: 150, extraMs: 41 },
  ];
  for (const [round, p] of plan.entries()) {
    for (const w of await runAndKill(round, p.minAcks, p.extraMs)) acked.add(w);
    check(acked);
  }
  expect(acked.size).toBeGreaterThan(150);

  // Restart: the deliveries left pending by the kills are all sent, one event per stored message.
  const receiver = startReceiver();
  const s = makeServices({ dbPath });
  try {
    installWebhooks(s.services, { ...s.core, secret: SECRET });
    s.db.query("UPDATE webhook_endpoints SET url = ?").run(receiver.url);
    while ((await s.services.jobs.drain()) > 0) {
      // drained in batches until nothing is due
    }
    const stored = s.db
      .query<{ wa_id: string }, []>("SELECT wa_id FROM messages WHERE direction = 'inbound'")
      .all()
      .map((r) => r.wa_id);
    const delivered = receiver.received.map(
      (r) => (JSON.parse(r.body) as { data: { message: { wa_id: string } } }).data.message.wa_id,
    );
    expect(delivered.length).toBe(stored.length);
    expect(new Set(delivered)).toEqual(new Set(stored));
    expect([...acked].filter((w) => !delivered.includes(w))).toEqual([]);
  } finally {
    receiver.stop();
    s.db.close();
  }
}, 60_000);
