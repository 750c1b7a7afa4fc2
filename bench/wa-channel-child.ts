import { pairChannel, startScene } from "../test/e2e-wa/harness.ts";

/**
 * Run by bench/wa-channels.ts in a process of its own: the WhatsApp Web emulator and Pairbox (its
 * real Baileys driver and session manager, as in test/e2e-wa), pairing `count` channels one after
 * another. After each, once its first sync settled and after a full GC, one JSON line:
 * { channels, rssMb, heapMb }.
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
await scene.close();

function usage() {
  const m = process.memoryUsage();
  return { rssMb: m.rss / 1024 / 1024, heapMb: m.heapUsed / 1024 / 1024 };
}
