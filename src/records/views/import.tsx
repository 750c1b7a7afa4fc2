import { Layout } from "../../ui/layout.tsx";
import { CsrfField, FormError } from "../../ui/components/form.tsx";
import { RecordTabs } from "./nav.tsx";
import { recordTypeLabel, recordTypePlural, typeSlug } from "../fields.ts";
import { TARGETS, type ImportReport, type ImportType, type ParsedCsv } from "../csv-import.ts";

export function ImportUploadPage(p: { type: ImportType; error?: string | null; region: string | null }) {
  return (
    <Layout title="Import from CSV" nav="records">
      <RecordTabs active={p.type} />
      <h1>Import {recordTypePlural(p.type).toLowerCase()} from CSV</h1>
      <section class="card">
        <p>
          A CSV file with a header row (a spreadsheet saved as “CSV UTF-8”). The next step lets you pick which
          column is which.
        </p>
        <p class="muted">
          Phone numbers may be written any way; national numbers are read as{" "}
          {p.region ?? "international (set a default region in Settings → Company)"}. Rows without a valid
          name, or with a number already on a {p.type}, are refused and listed.
        </p>
        <FormError message={p.error} />
        <form method="post" action="/records/import" enctype="multipart/form-data">
          <CsrfField />
          <div class="field">
            <label for="f-type">Import as</label>
            <select id="f-type" name="type">
              <option value="contact" selected={p.type === "contact"}>
                Contacts
              </option>
              <option value="lead" selected={p.type === "lead"}>
                Leads
              </option>
            </select>
          </div>
          <div class="field">
            <label for="f-file">CSV file</label>
            <input id="f-file" type="file" name="file" accept=".csv,text/csv" required />
          </div>
          <p class="actions">
            <button type="submit">Next: map columns</button>
            <a href={`/records/${typeSlug(p.type)}`}>Cancel</a>
          </p>
        </form>
      </section>
    </Layout>
  );
}

export function ImportMappingPage(p: {
  type: ImportType;
  csv: ParsedCsv;
  file: string;
  mapping: Record<string, number | null>;
  error?: string | null;
}) {
  const preview = p.csv.rows.slice(0, 5);
  return (
    <Layout title="Map columns" nav="records">
      <RecordTabs active={p.type} />
      <h1>Map the columns ({p.csv.rows.length.toLocaleString("en")} rows)</h1>
      <FormError message={p.error} />
      <section class="card">
        <form method="post" action="/records/import/run">
          <CsrfField />
          <input type="hidden" name="type" value={p.type} />
          <input type="hidden" name="file" value={p.file} />
          <div class="grid-2">
            {TARGETS[p.type].map((t) => (
              <div class="field">
                <label for={`f-map-${t.name}`}>{t.label}</label>
                <select id={`f-map-${t.name}`} name={`map_${t.name}`}>
                  <option value="">(not in the file)</option>
                  {p.csv.headers.map((h, i) => (
                    <option value={String(i)} selected={p.mapping[t.name] === i}>
                      {h}
                    </option>
                  ))}
                </select>
              </div>
            ))}
          </div>
          <p class="actions">
            <button type="submit">Import</button>
            <a href={`/records/import?type=${p.type}`}>Start again</a>
          </p>
        </form>
      </section>
      <h2>First rows</h2>
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              {p.csv.headers.map((h) => (
                <th>{h}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {preview.map((r) => (
              <tr>
                {p.csv.headers.map((_, i) => (
                  <td>{r[i] ?? ""}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Layout>
  );
}

/** "1 lead", "2 leads", "1,000 rows". */
function count(n: number, one: string, many: string): string {
  return `${n.toLocaleString("en")} ${n === 1 ? one : many}`;
}

export function ImportReportPage(p: { type: ImportType; report: ImportReport }) {
  const shown = p.report.refused.slice(0, 1000);
  return (
    <Layout title="Import finished" nav="records">
      <RecordTabs active={p.type} />
      <h1>Import finished</h1>
      <p class="alert alert-ok" role="status">
        Imported{" "}
        {count(
          p.report.imported,
          recordTypeLabel(p.type).toLowerCase(),
          recordTypePlural(p.type).toLowerCase(),
        )}
        ; refused {count(p.report.refused.length, "row", "rows")}.
      </p>
      {shown.length > 0 ? (
        <div class="table-wrap">
          <table class="import-refused">
            <thead>
              <tr>
                <th>Row</th>
                <th>Why it was refused</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((r) => (
                <tr>
                  <td>{r.row}</td>
                  <td>{r.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {p.report.refused.length > shown.length ? (
            <p class="muted">…and {p.report.refused.length - shown.length} more.</p>
          ) : null}
        </div>
      ) : null}
      <p class="actions">
        <a class="button" href={`/records/${typeSlug(p.type)}`}>
          See {recordTypePlural(p.type).toLowerCase()}
        </a>
      </p>
    </Layout>
  );
}
