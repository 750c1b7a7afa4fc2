import { Hono } from "hono";
import type { AppEnv } from "../web/context.ts";
import { one, readForm } from "../web/forms.ts";
import { guardSection, currentUser, requirePermission } from "../auth/middleware.ts";
import { importToken, verifyImportToken } from "./import-token.ts";
import { TARGETS, decodeCsv, guessMapping, importRows, parseCsv, type ImportType } from "./csv-import.ts";
import { companySettings, defaultRegion } from "./settings.ts";
import { ImportMappingPage, ImportReportPage, ImportUploadPage } from "./views/import.tsx";

function importType(value: string | undefined): ImportType {
  return value === "lead" ? "lead" : "contact";
}

/**
 * Upload → mapping → report. The uploaded file is kept in the media store between the steps; the
 * mapping page carries a signed token for it (see import-token.ts), so it carries no data the server
 * has not already checked, and a run reads only the person's own upload.
 */
export function importRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  guardSection(app, "/records/import", requirePermission("records.edit"));

  app.get("/records/import", (c) =>
    c.html(
      <ImportUploadPage
        type={importType(c.req.query("type"))}
        region={companySettings(c.get("deps").db).defaultRegion}
      />,
    ),
  );

  app.post("/records/import", async (c) => {
    const { db, config, services, secret, clock } = c.get("deps");
    const body = await readForm(c);
    const type = importType(one(body, "type"));
    const region = companySettings(db).defaultRegion;
    const file = body.file;
    if (!(file instanceof File) || file.size === 0)
      return c.html(<ImportUploadPage type={type} region={region} error="Choose a CSV file." />, 422);
    if (file.size > config.maxUploadBytes)
      return c.html(
        <ImportUploadPage
          type={type}
          region={region}
          error={`The file is larger than the ${config.maxUploadMb} MB limit.`}
        />,
        413,
      );
    const bytes = new Uint8Array(await file.arrayBuffer());
    const parsed = parseCsv(decodeCsv(bytes));
    if (!parsed.ok) return c.html(<ImportUploadPage type={type} region={region} error={parsed.error} />, 422);
    const stored = await services.media.putBytes(bytes);
    if (!stored.ok) return c.html(<ImportUploadPage type={type} region={region} error={stored.error} />, 422);
    return c.html(
      <ImportMappingPage
        type={type}
        csv={parsed.csv}
        file={importToken(secret, currentUser(c).id, stored.sha256, clock())}
        mapping={guessMapping(type, parsed.csv.headers)}
      />,
    );
  });

  app.post("/records/import/run", async (c) => {
    const { db, clock, services, secret } = c.get("deps");
    const body = await readForm(c);
    const type = importType(one(body, "type"));
    const token = one(body, "file");
    const sha = verifyImportToken(secret, currentUser(c).id, token, clock());
    const file = sha ? Bun.file(services.media.path(sha)) : null;
    if (!file || !(await file.exists()))
      return c.html(
        <ImportUploadPage
          type={type}
          region={companySettings(db).defaultRegion}
          error="The uploaded file is gone: upload it again."
        />,
        422,
      );
    const parsed = parseCsv(decodeCsv(new Uint8Array(await file.arrayBuffer())));
    if (!parsed.ok)
      return c.html(
        <ImportUploadPage type={type} region={companySettings(db).defaultRegion} error={parsed.error} />,
        422,
      );
    const mapping: Record<string, number | null> = {};
    for (const t of TARGETS[type]) {
      const v = one(body, `map_${t.name}`);
      const i = /^\d{1,4}$/.test(v) ? Number(v) : null;
      mapping[t.name] = i !== null && i < parsed.csv.headers.length ? i : null;
    }
    if (mapping.first_name === null && mapping.full_name === null) {
      return c.html(
        <ImportMappingPage
          type={type}
          csv={parsed.csv}
          file={token}
          mapping={mapping}
          error="Pick the column holding the first name or the full name."
        />,
        422,
      );
    }
    const report = await importRows(db, type, parsed.csv, mapping, defaultRegion(db), clock());
    return c.html(<ImportReportPage type={type} report={report} />);
  });

  return app;
}
