import { cpus, loadavg, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import { passOf, type Figure, type Scale } from "./lib/figures.ts";
import { loadFeatures } from "./lib/features.ts";
import { inboundBurst } from "./inbound.ts";
import { sustained } from "./sustained.ts";
import { historyImport } from "./history.ts";
import { inboxAtScale } from "./scale.ts";
import { liveLatency } from "./live.ts";
import { footprint } from "./footprint.ts";
import { waChannels } from "./wa-channels.ts";
import { jobQueue } from "./jobs.ts";
import { growingQueries } from "./queries.ts";
import { reportsAtScale } from "./reports.ts";

/**
 * `bun run bench` runs every benchmark; `bun run bench -- --only=inbox,live` a selection;
 * `--quick` a small scale for development (its figures are not comparable with the targets);
 * `--large` adds the slow sizes (queries at 5,000,000 messages beside 1,000,000).
 * A full run writes bench/results/latest.json; a partial or quick one $TMPDIR/pairbox-bench-partial.json.
 */
const BENCHMARKS: Record<string, (scale: Scale) => Promise<Figure[]>> = {
  inbound: inboundBurst,
  history: historyImport,
  inbox: inboxAtScale,
  queries: growingQueries,
  reports: reportsAtScale,
  jobs: jobQueue,
  sustained,
  live: liveLatency,
  footprint,
  "wa-channels": waChannels,
};

function parseArgs(argv: string[]) {
  const only =
    argv
      .find((a) => a.startsWith("--only="))
      ?.slice(7)
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean) ?? null;
  const unknown = only?.filter((n) => !(n in BENCHMARKS)) ?? [];
  if (unknown.length > 0) {
    console.error(
      `bench: unknown benchmark ${unknown.join(", ")} (choose from ${Object.keys(BENCHMARKS).join(", ")})`,
    );
    process.exit(2);
  }
  return { only, quick: argv.includes("--quick"), large: argv.includes("--large") };
}

function machine() {
  const cpuModel = (() => {
    try {
      return (
        /model name\s*:\s*(.+)/.exec(require("node:fs").readFileSync("/proc/cpuinfo", "utf8"))?.[1]?.trim() ??
        cpus()[0]?.model ??
        "unknown"
      );
    } catch {
      return cpus()[0]?.model ?? "unknown";
    }
  })();
  return {
    cores: cpus().length,
    cpu: cpuModel,
    memoryGb: Math.round(totalmem() / 1024 ** 3),
    bun: Bun.version,
    platform: `${process.platform}-${process.arch}`,
  };
}

const fmt = (v: number | null) =>
  v === null ? "n/a" : v.toLocaleString("en-GB", { maximumFractionDigits: 2 });

function printTable(figures: Figure[]) {
  const rows = figures.map((f) => {
    const pass = passOf(f);
    return [
      f.figure,
      fmt(f.value),
      f.unit,
      f.target ? `${f.target.op} ${fmt(f.target.value)}` : "-",
      f.notMeasured ? "not measured" : pass === null ? "-" : pass ? "pass" : "MISSED",
    ];
  });
  const head = ["Figure", "Value", "Unit", "Target", "Result"];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 1 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join("  ");
  console.log(line(head));
  console.log(widths.map((w) => "-".repeat(w)).join("  "));
  for (const r of rows) console.log(line(r));
  const notes = figures.filter((f) => f.note);
  if (notes.length > 0) {
    console.log("\nNotes:");
    for (const f of notes) console.log(`- ${f.figure}: ${f.note}`);
  }
}

const { only, quick, large } = parseArgs(process.argv.slice(2));
const scale: Scale = { quick, factor: 0.05, large };
const names = only ?? Object.keys(BENCHMARKS);
const info = machine();
const features = await loadFeatures();
const loadBefore = loadavg()[0]!;
console.log(
  `Pairbox benchmarks${quick ? " (--quick: 5% scale, not comparable with the targets)" : ""} on ${info.cores} cores, ${info.cpu}, Bun ${info.bun}`,
);
// Latency percentiles move with whatever else runs on the machine: say how busy it was.
console.log(
  `Load average before the run: ${loadBefore.toFixed(2)} (other processes compete for the ${info.cores} cores when it is above 0)`,
);
for (const note of features.notes) console.log(`Not measured: ${note}`);

const started = performance.now();
const figures: Figure[] = [];
for (const name of names) {
  const t0 = performance.now();
  process.stdout.write(`running ${name}… `);
  try {
    figures.push(...(await BENCHMARKS[name]!(scale)));
    console.log(`${((performance.now() - t0) / 1000).toFixed(1)} s`);
  } catch (err) {
    console.log("FAILED");
    console.error(err);
    figures.push({
      benchmark: name,
      figure: `${name} benchmark`,
      value: null,
      unit: "",
      target: { op: ">=", value: 0 },
      note: `failed: ${(err as Error).message}`,
    });
  }
}
const totalS = (performance.now() - started) / 1000;
console.log("");
printTable(figures);
const loadAfter = loadavg()[0]!;
console.log(
  `\nWhole run: ${totalS.toFixed(0)} s; load average before ${loadBefore.toFixed(2)}, after ${loadAfter.toFixed(2)}`,
);

const full = !only && !quick;
// Only a full run replaces the committed figures; a partial one goes to the temporary folder.
const out = full
  ? join(import.meta.dir, "results", "latest.json")
  : join(tmpdir(), "pairbox-bench-partial.json");
const result = {
  date: new Date().toISOString(),
  machine: info,
  scope: { quick, only: names },
  totalSeconds: Math.round(totalS),
  loadAverage: { before: Math.round(loadBefore * 100) / 100, after: Math.round(loadAfter * 100) / 100 },
  notMeasured: features.notes,
  figures: figures.map((f) => ({
    benchmark: f.benchmark,
    figure: f.figure,
    unit: f.unit,
    value: f.value,
    target: f.target,
    pass: passOf(f),
    measured: !f.notMeasured,
    cores: info.cores,
    note: f.note ?? null,
  })),
};
await Bun.write(out, `${JSON.stringify(result, null, 2)}\n`);
console.log(`Wrote ${out}`);
process.exit(figures.some((f) => f.value === null && !f.notMeasured) ? 1 : 0);
