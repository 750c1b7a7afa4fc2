import { Hono, type Context } from "hono";
import type { AppEnv } from "../web/context.ts";
import { currentUser, requirePermission } from "../auth/middleware.ts";
import { userNames } from "../auth/users-store.ts";
import { accessibleChannels } from "../channels/access.ts";
import { buildReport } from "./compute.ts";
import { reportCsv } from "./csv.ts";
import { parseRange } from "./range.ts";
import { ReportsPage } from "./views/page.tsx";

/** The report for the asking person: only the channels they may use, over the range the query names. */
function reportFor(c: Context<AppEnv>) {
  const { db, clock } = c.get("deps");
  const parsed = parseRange(c.req.query(), clock());
  const channels = accessibleChannels(db, currentUser(c)).map((ch) => ({
    id: ch.id,
    name: `${ch.name || ch.phone_e164}${ch.deleted_at ? " (deleted)" : ""}`,
  }));
  return { parsed, report: buildReport(db, channels, userNames(db), parsed.range) };
}

export function reportsRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const view = requirePermission("reports.view");

  app.get("/reports", view, (c) => {
    const { parsed, report } = reportFor(c);
    const query = new URL(c.req.url).search;
    return c.html(
      <ReportsPage
        report={report}
        csvHref={`/reports/export.csv${query}`}
        error={parsed.ok ? null : parsed.error}
      />,
      parsed.ok ? 200 : 422,
    );
  });

  app.get("/reports/export.csv", view, (c) => {
    const { parsed, report } = reportFor(c);
    if (!parsed.ok) return c.text(parsed.error, 422);
    c.header("Content-Type", "text/csv; charset=utf-8");
    c.header(
      "Content-Disposition",
      `attachment; filename="pairbox-report-${report.range.fromDate}-${report.range.toDate}.csv"`,
    );
    return c.body(reportCsv(report));
  });

  return app;
}
