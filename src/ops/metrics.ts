import type { Db } from "../db/open.ts";
import { listLiveChannels } from "../channels/store.ts";
import { messageCountsSince } from "../messaging/thread-queries.ts";
import type { LiveHub } from "../messaging/live-hub.ts";
import { findMessage } from "../messaging/store.ts";
import { jobQueueDepth } from "../jobs/queue.ts";
import { deliveryCounts } from "../webhooks/store.ts";
import { VERSION } from "../version.ts";

/** Seconds; from a quick page render to a slow media upload. */
const HTTP_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const STATUSES = ["pending", "connected", "disconnected", "error"] as const;

type Series = { buckets: number[]; sum: number; count: number };

/**
 * The in-process counters behind /metrics. One set per database (so per running instance, and
 * per test app); counters start at zero with the process, as Prometheus expects.
 */
export class OpsMetrics {
  private http = new Map<string, Series>();
  private sendFailures = new Map<number, number>();
  private webhookAttempts = { success: 0, failure: 0 };
  /** messages_total is read from the table incrementally: only rows newer than the last scrape are counted. */
  private messageCounts = new Map<string, number>();
  private countedUpTo = 0;
  /** The last state seen per message, so a failure announced twice is counted once. */
  private lastStatus = new Map<number, string>();

  observeHttp(method: string, route: string, status: number, seconds: number): void {
    const key = labels({ method, route, status: String(status) });
    let s = this.http.get(key);
    if (!s) {
      s = { buckets: HTTP_BUCKETS.map(() => 0), sum: 0, count: 0 };
      this.http.set(key, s);
    }
    HTTP_BUCKETS.forEach((le, i) => {
      if (seconds <= le) s.buckets[i]! += 1;
    });
    s.sum += seconds;
    s.count += 1;
  }

  webhookAttempt(ok: boolean): void {
    this.webhookAttempts[ok ? "success" : "failure"] += 1;
  }

  messageStatus(messageId: number, channelId: number, status: string): void {
    if (this.lastStatus.get(messageId) === status) return;
    if (this.lastStatus.size > 10_000) this.lastStatus.clear();
    this.lastStatus.set(messageId, status);
    if (status === "failed") this.sendFailures.set(channelId, (this.sendFailures.get(channelId) ?? 0) + 1);
  }

  private countMessages(db: Db): void {
    const rows = messageCountsSince(db, this.countedUpTo);
    for (const r of rows) {
      const key = labels({ channel_id: String(r.channel_id), direction: r.direction });
      this.messageCounts.set(key, (this.messageCounts.get(key) ?? 0) + r.n);
      this.countedUpTo = Math.max(this.countedUpTo, r.last);
    }
  }

  /** The Prometheus text exposition (version 0.0.4). */
  render(db: Db): string {
    this.countMessages(db);
    const out: string[] = [];
    const family = (name: string, type: string, help: string, lines: string[]) => {
      out.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`, ...lines);
    };
    family("pairbox_build_info", "gauge", "Version of this Pairbox.", [
      `pairbox_build_info${labels({ version: VERSION })} 1`,
    ]);
    family(
      "pairbox_messages_total",
      "counter",
      "Messages stored, per channel and direction.",
      [...this.messageCounts].map(([l, n]) => `pairbox_messages_total${l} ${n}`),
    );
    family(
      "pairbox_send_failures_total",
      "counter",
      "Outbound messages that failed, per channel, since start.",
      [...this.sendFailures].map(
        ([ch, n]) => `pairbox_send_failures_total${labels({ channel_id: String(ch) })} ${n}`,
      ),
    );

    const channels = listLiveChannels(db).sort((a, b) => a.id - b.id);
    family(
      "pairbox_channel_status",
      "gauge",
      "1 for the state each channel is in.",
      channels.flatMap((ch) =>
        STATUSES.map(
          (s) =>
            `pairbox_channel_status${labels({ channel_id: String(ch.id), channel: ch.name, status: s })} ${ch.status === s ? 1 : 0}`,
        ),
      ),
    );

    const deliveries = new Map<string, number>(deliveryCounts(db).map((r) => [r.status, r.n]));
    family(
      "pairbox_webhook_deliveries",
      "gauge",
      "Webhook deliveries waiting (pending) or given up (failed).",
      ["pending", "failed"].map(
        (s) => `pairbox_webhook_deliveries${labels({ status: s })} ${deliveries.get(s) ?? 0}`,
      ),
    );
    family(
      "pairbox_webhook_attempts_total",
      "counter",
      "Webhook delivery attempts by result, since start.",
      (["success", "failure"] as const).map(
        (r) => `pairbox_webhook_attempts_total${labels({ result: r })} ${this.webhookAttempts[r]}`,
      ),
    );
    family(
      "pairbox_jobs",
      "gauge",
      "Jobs in the durable queue by kind and state.",
      jobQueueDepth(db).map((j) => `pairbox_jobs${labels({ kind: j.kind, status: j.status })} ${j.n}`),
    );

    const httpLines: string[] = [];
    for (const [key, s] of this.http) {
      const base = key.slice(1, -1);
      HTTP_BUCKETS.forEach((le, i) => {
        httpLines.push(`pairbox_http_request_duration_seconds_bucket{${base},le="${le}"} ${s.buckets[i]}`);
      });
      httpLines.push(`pairbox_http_request_duration_seconds_bucket{${base},le="+Inf"} ${s.count}`);
      httpLines.push(`pairbox_http_request_duration_seconds_sum${key} ${s.sum}`);
      httpLines.push(`pairbox_http_request_duration_seconds_count${key} ${s.count}`);
    }
    family(
      "pairbox_http_request_duration_seconds",
      "histogram",
      "HTTP request latency by method, route and status.",
      httpLines,
    );
    return `${out.join("\n")}\n`;
  }
}

function escapeLabel(v: string): string {
  return v.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");
}

function labels(l: Record<string, string>): string {
  return `{${Object.entries(l)
    .map(([k, v]) => `${k}="${escapeLabel(v)}"`)
    .join(",")}}`;
}

const registry = new WeakMap<Db, OpsMetrics>();

export function metricsFor(db: Db): OpsMetrics {
  let m = registry.get(db);
  if (!m) {
    m = new OpsMetrics();
    registry.set(db, m);
  }
  return m;
}

/** Counts send failures from the live hub (receipts and send results are announced there). */
export function installMetrics(services: { hub: LiveHub }, core: { db: Db }): () => void {
  const m = metricsFor(core.db);
  return services.hub.subscribe((event) => {
    if (event.type !== "message.status") return;
    const message = findMessage(core.db, event.messageId);
    if (message) m.messageStatus(message.id, message.channel_id, message.status);
  });
}
