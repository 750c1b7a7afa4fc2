import { expect, test } from "bun:test";
import { adminSession, makeTestApp, postForm } from "../helpers/app.ts";

test("empty lists say what to do next, with the link to do it", async () => {
  const t = makeTestApp();
  const admin = await adminSession(t);
  const page = async (path: string) => (await t.request(path, { session: admin })).text();

  expect(await page("/templates")).toContain(
    'No templates yet. <a href="/templates/new">Write the first one</a>',
  );
  expect(await page("/settings/webhooks")).toContain(
    'No endpoints yet. <a href="/settings/webhooks/new">Add an endpoint</a>',
  );
  expect(await page("/settings/api-keys")).toContain("No API keys yet. Create one with the form above");

  const res = await postForm(t, "/records/contacts", admin, { first_name: "Ann", last_name: "Lee" });
  const record = await page(res.headers.get("location")!);
  expect(record).toContain("No invoices or quotes yet. Start one with the buttons below.");
});
