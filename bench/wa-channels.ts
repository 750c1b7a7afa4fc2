import { join } from "node:path";
import { atLeast, atMost, type Figure, type Scale } from "./lib/figures.ts";
import { round } from "./lib/stats.ts";

/**
 * The memory one connected Baileys channel costs, measured through the WhatsApp Web emulator: a
 * child process (bench/wa-channel-child.ts) pairs channels one by one; the figure is the growth of
 * its resident memory from the first connected channel to the last, per extra channel. The
 * emulator runs in that process too, so its own per-device state (a few Signal sessions and keys)
 * is counted against Pairbox: the figure errs high.
 */
const CHILD = join(import.meta.dir, "wa-channel-child.ts");
/** Issue 17: one more connected channel costs at most this much resident memory. */
const TARGET_MB_PER_CHANNEL = 10;

type Sample = { channels: number; rssMb: number; heapMb: number };
type Throughput = {
  channels: number;
  messages: number;
  seconds: number;
  cpuMs: number;
  sealCpuMs?: number;
};

export async function waChannels(scale: Scale): Promise<Figure[]> {
  const count = scale.quick ? 3 : 10;
  const messagesEach = scale.quick ? 50 : 300;
  const proc = Bun.spawn(["bun", "run", CHILD, String(count), String(messagesEach)], {
    cwd: join(import.meta.dir, ".."),
    env: { ...process.env, PAIRBOX_WA_VERSION_CHECK: "off" },
    stdout: "pipe",
    stderr: "pipe",
  });
  const [out, err, code] = await Promise.all([
    new Response(proc.stdout).text(),
    new Response(proc.stderr).text(),
    proc.exited,
  ]);
  if (code !== 0) throw new Error(`the channel memory run failed (exit ${code}): ${err.slice(-400)}`);
  const lines = out
    .split("\n")
    .filter((l) => l.startsWith("{"))
    .map((l) => JSON.parse(l) as Sample | { throughput: Throughput });
  const samples = lines.filter((l): l is Sample => "channels" in l);
  const run = lines.find((l): l is { throughput: Throughput } => "throughput" in l)?.throughput;
  if (!run) throw new Error("the channel run reported no throughput");
  const first = samples.find((s) => s.channels === 1);
  const last = samples.at(-1);
  if (!first || !last || last.channels < 2) throw new Error("the channel memory run reported too little");
  const extra = last.channels - first.channels;
  const perChannel = (last.rssMb - first.rssMb) / extra;
  const idle = samples[0]!;
  return [
    {
      benchmark: "wa-channels",
      figure: `Inbound through the real driver, ${run.channels} channels (emulator)`,
      value: round(run.messages / run.seconds, 0),
      unit: "msg/s",
      target: atLeast(2_000),
      note: `${run.messages} messages from 5 LID-addressed contacts per channel, encrypted by the emulator beforehand (${round(run.sealCpuMs ?? 0, 0)} ms CPU, not timed) and delivered at once, timed until all are stored`,
    },
    {
      benchmark: "wa-channels",
      figure: "CPU per message through the real driver (Pairbox and emulator)",
      value: round(run.cpuMs / run.messages, 2),
      unit: "ms",
      target: null,
      note: "user + system CPU of the process over the delivery, divided by the messages; the emulator's framing and receipt handling run in the same process and count too",
    },
    {
      benchmark: "wa-channels",
      figure: "RSS per extra connected Baileys channel (emulator)",
      value: round(perChannel, 2),
      unit: "MB",
      target: atMost(TARGET_MB_PER_CHANNEL),
      note: `${first.channels} → ${last.channels} channels: ${round(first.rssMb, 1)} → ${round(last.rssMb, 1)} MB resident (heap ${round(first.heapMb, 1)} → ${round(last.heapMb, 1)} MB); the first channel took ${round(first.rssMb - idle.rssMb, 1)} MB over an idle ${round(idle.rssMb, 1)} MB (Baileys and libsignal loaded); the emulator's own state is counted too`,
    },
  ];
}
