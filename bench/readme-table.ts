/**
 * Prints bench/results/latest.json as the Markdown table the README's "Performance" section quotes:
 * `bun bench/readme-table.ts` after a full `bun run bench`.
 */
import { join } from "node:path";

type Result = {
  date: string;
  machine: { cores: number; cpu: string; memoryGb: number; bun: string };
  loadAverage?: { before: number; after: number };
  figures: {
    figure: string;
    unit: string;
    value: number | null;
    target: { op: string; value: number } | null;
    pass: boolean | null;
    measured: boolean;
  }[];
};

const r = (await Bun.file(join(import.meta.dir, "results", "latest.json")).json()) as Result;
const fmt = (v: number) => v.toLocaleString("en-GB", { maximumFractionDigits: 2 });
const op = (o: string) => (o === "<=" ? "≤" : "≥");
console.log(
  `Measured ${r.date.slice(0, 10)} on ${r.machine.cores} cores (${r.machine.cpu}), ${r.machine.memoryGb} GB, Bun ${r.machine.bun}` +
    (r.loadAverage
      ? `; load average ${r.loadAverage.before} before the run, ${r.loadAverage.after} after.`
      : "."),
);
console.log("");
console.log("| Figure | Value | Target | Result |");
console.log("|---|---:|---|---|");
for (const f of r.figures) {
  if (f.figure.trim().startsWith("comparison:")) continue;
  const value = f.value === null ? "n/a" : `${fmt(f.value)} ${f.unit}`;
  const target = f.target ? `${op(f.target.op)} ${fmt(f.target.value)} ${f.unit}` : "";
  const result = !f.measured ? "not measured" : f.pass === null ? "" : f.pass ? "met" : "**missed**";
  console.log(`| ${f.figure} | ${value} | ${target} | ${result} |`);
}
