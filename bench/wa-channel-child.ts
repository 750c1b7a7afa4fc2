import { pairChannel, startScene } from "../test/e2e-wa/harness.ts";

/**
 * Run by bench/wa-channels.ts in a process of its own: the WhatsApp Web emulator and Pairbox (its
 * real Baileys driver and session manager, as in test/e2e-wa), pairing `count` channels one after
 * another. After each, once its first sync settled and after a full GC, one JSON line:
 * { channels, rssMb, heapMb }. With a second argument, then that many messages per channel sent at
 * once from each channel's contacts, timed until all are stored: { throughput: {…} }.
 */
const count = Number(process.argv[2] ?? 5);
const scene = await startScene();
const settle = async () => {
  for (let i = 0; i < 3; i++) {
    Bun.gc(true);
    await Bun.sleep(200);
  }
};
await settle();
console.log(JSON.stringify({ channels: 0, ...usage() }));
for (let i = 1; i <= count; i++) {
  await pairChannel(scene, `+1415555${String(300 + i).padStart(4, "0")}`);
  await settle();
  console.log(JSON.stringify({ channels: i, ...usage() }));
}

// Throughput: every channel gets messages from its own contacts at once, through the emulator (real
// Signal encryption there, decryption, protobuf and receipts in Baileys), until all are stored.
const perChannel = Number(process.argv[3] ?? 0);
if (perChannel > 0) {
  const channels = Array.from({ length: count }, (_, i) =>
    scene.wa.account(`+1415555${String(301 + i).padStart(4, "0")}`),
  );
  const contacts = channels.map((_, c) =>
    Array.from({ length: 5 }, (_, k) =>
      scene.wa.contact(`+4477009${String(c * 10 + k).padStart(5, "0")}`, {
        name: `C${c}-${k}`,
        ...(process.env.WA_BENCH_PN ? {} : { lid: `9${String(c * 10 + k).padStart(13, "0")}@lid` }),
      }),
    ),
  );
  // First messages set up the Signal sessions (pre-key messages): not timed.
  await Promise.all(channels.map((ch, c) => Promise.all(contacts[c]!.map((u) => u.sendText(ch, "hello")))));
  const stored = () => scene.pb.db.query<{ n: number }, []>("SELECT count(*) AS n FROM messages").get()!.n;
  const base = count * 5;
  while (stored() < base) await Bun.sleep(20);
  // The burst is encrypted first, each contact's messages in order, and handed over all at once:
  // the emulator's Signal encryption is a cost of the test's phones, not of Pairbox, and timed apart.
  const sealCpu0 = process.cpuUsage();
  const sealT0 = performance.now();
  const sealed = await Promise.all(
    channels.map(async (ch, c) => {
      const out: { deliver(): void }[] = [];
      for (let i = 0; i < perChannel; i++)
        out.push(await contacts[c]![i % 5]!.sealText(ch, `message ${i} on channel ${c}`));
      return out;
    }),
  );
  const sealSeconds = (performance.now() - sealT0) / 1000;
  const sealCpu = process.cpuUsage(sealCpu0);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < perChannel; i++) for (const s of sealed) s[i]!.deliver();
  const total = count * perChannel;
  while (stored() < base + total) await Bun.sleep(5);
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  console.log(
    JSON.stringify({
      throughput: {
        channels: count,
        messages: total,
        seconds,
        cpuMs: (cpu.user + cpu.system) / 1000,
        sealSeconds,
        sealCpuMs: (sealCpu.user + sealCpu.system) / 1000,
      },
    }),
  );
}
await scene.close();

function usage() {
  const m = process.memoryUsage();
  return { rssMb: m.rss / 1024 / 1024, heapMb: m.heapUsed / 1024 / 1024 };
}
