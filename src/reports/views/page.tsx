import { Layout } from "../../ui/layout.tsx";
import { FormError } from "../../ui/components/form.tsx";
import type { AgentLine, Durations, Numbers, Report } from "../compute.ts";
import { formatDuration } from "../format.ts";
import { PRESETS, type Preset } from "../range.ts";
import { HoursHeatmap, MessagesBars } from "./charts.tsx";

function Stat(p: { label: string; value: string | number; id: string }) {
  return (
    <div class="stat">
      <dt id={`${p.id}-label`}>{p.label}</dt>
      <dd id={p.id}>{p.value}</dd>
    </div>
  );
}

const timeCells = (d: Durations) => (
  <>
    <td>{formatDuration(d.median)}</td>
    <td>{formatDuration(d.p90)}</td>
  </>
);

function NumbersRow(p: { name: string; n: Numbers }) {
  return (
    <tr>
      <th scope="row">{p.name}</th>
      <td>{p.n.opened}</td>
      <td>{p.n.resolved}</td>
      <td>{p.n.messagesIn}</td>
      <td>{p.n.messagesOut}</td>
      {timeCells(p.n.firstResponse)}
      {timeCells(p.n.resolution)}
    </tr>
  );
}

function AgentRow(p: { a: AgentLine }) {
  return (
    <tr>
      <th scope="row">{p.a.name}</th>
      <td>{p.a.repliesSent}</td>
      <td>{p.a.firstResponse.count}</td>
      {timeCells(p.a.firstResponse)}
      <td>{p.a.resolved}</td>
      {timeCells(p.a.resolution)}
    </tr>
  );
}

function RangeForm(p: { report: Report; error?: string | null }) {
  const r = p.report.range;
  return (
    <form method="get" action="/reports" class="report-range">
      <label for="f-range">Range</label>
      <select id="f-range" name="range" class="range-field">
        {(Object.keys(PRESETS) as Preset[]).map((k) => (
          <option value={k} selected={k === r.preset}>
            {PRESETS[k]}
          </option>
        ))}
      </select>
      <label for="f-from">From</label>
      <input id="f-from" type="date" name="from" value={r.fromDate} class="range-field" />
      <label for="f-to">To</label>
      <input id="f-to" type="date" name="to" value={r.toDate} class="range-field" />
      {/* static/app.js puts the browser's time zone here; days are counted in it (UTC without script). */}
      <input type="hidden" name="tz" value={r.timeZone} />
      <button type="submit" class="secondary small">
        Show
      </button>
      <small class="hint">The dates apply when the range is Custom.</small>
      <FormError message={p.error} />
    </form>
  );
}

/** The Reports page: range picker, the totals, per channel and per agent tables, two charts, CSV. */
export function ReportsPage(p: { report: Report; csvHref: string; error?: string | null }) {
  const { report } = p;
  const t = report.total;
  return (
    <Layout title="Reports" nav="reports" wide>
      <div class="page-head">
        <h1>Reports</h1>
        <a class="button secondary" href={p.csvHref} download>
          Download CSV
        </a>
      </div>
      <RangeForm report={report} error={p.error} />
      <p class="muted">
        {report.range.fromDate} to {report.range.toDate}, days in {report.range.timeZone}. Times are measured
        as the README's Reports section defines them.
      </p>
      <dl class="stats">
        <Stat id="stat-opened" label="Conversations opened" value={t.opened} />
        <Stat id="stat-resolved" label="Conversations resolved" value={t.resolved} />
        <Stat id="stat-in" label="Messages in" value={t.messagesIn} />
        <Stat id="stat-out" label="Messages out" value={t.messagesOut} />
        <Stat
          id="stat-frt-median"
          label="First response, median"
          value={formatDuration(t.firstResponse.median)}
        />
        <Stat id="stat-frt-p90" label="First response, p90" value={formatDuration(t.firstResponse.p90)} />
        <Stat id="stat-res-median" label="Resolution, median" value={formatDuration(t.resolution.median)} />
        <Stat id="stat-res-p90" label="Resolution, p90" value={formatDuration(t.resolution.p90)} />
      </dl>
      <section class="card">
        <h2>Per channel</h2>
        <table class="report-table" id="report-channels">
          <thead>
            <tr>
              <th scope="col">Channel</th>
              <th scope="col">Opened</th>
              <th scope="col">Resolved</th>
              <th scope="col">In</th>
              <th scope="col">Out</th>
              <th scope="col">First response median</th>
              <th scope="col">First response p90</th>
              <th scope="col">Resolution median</th>
              <th scope="col">Resolution p90</th>
            </tr>
          </thead>
          <tbody>
            {report.channels.map((c) => (
              <NumbersRow name={c.name} n={c} />
            ))}
          </tbody>
        </table>
        <MessagesBars channels={report.channels} />
      </section>
      <section class="card">
        <h2>Per agent</h2>
        {report.agents.length === 0 ? (
          <p class="muted">No replies or resolutions by a person in this range.</p>
        ) : (
          <table class="report-table" id="report-agents">
            <thead>
              <tr>
                <th scope="col">Agent</th>
                <th scope="col">Replies sent</th>
                <th scope="col">First replies</th>
                <th scope="col">First response median</th>
                <th scope="col">First response p90</th>
                <th scope="col">Resolved</th>
                <th scope="col">Resolution median</th>
                <th scope="col">Resolution p90</th>
              </tr>
            </thead>
            <tbody>
              {report.agents.map((a) => (
                <AgentRow a={a} />
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section class="card">
        <h2>Busiest hours</h2>
        <HoursHeatmap hours={report.hours} timeZone={report.range.timeZone} />
      </section>
    </Layout>
  );
}
