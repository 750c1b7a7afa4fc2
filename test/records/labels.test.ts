import { describe, expect, test } from "bun:test";
import { createLabel } from "../../src/messaging/labels.ts";
import { createRecord } from "../../src/records/records.ts";
import { emptyInput } from "../../src/records/validate.ts";
import { addUser, signIn } from "../helpers/app.ts";
import { inboxFixture } from "../inbox/http-fixture.ts";

describe("labels on customer records", () => {
  test("added and removed on the record page, shown there; needs records.edit", async () => {
    const f = await inboxFixture();
    const vip = createLabel(f.t.db, "VIP", "purple", 0);
    if (!vip.ok) throw new Error("seed");
    const record = createRecord(f.t.db, "contact", { ...emptyInput(), name: "Ann Lee" }, [], 0);
    const page = `/records/contacts/${record.id}`;
    const add = await f.post(`${page}/labels`, f.sam, { add: String(vip.label.id) }, { htmx: false });
    expect(add.status).toBe(303);
    expect(add.headers.get("location")).toBe(`${page}#labels`);
    const shown = await f.get(page, f.sam);
    expect(shown.html).toContain('aria-label="Remove label VIP"');
    await addUser(f.t, "viewer@example.com", { sets: [], name: "Viewer" });
    const viewer = await signIn(f.t, "viewer@example.com");
    const refused = await f.post(`${page}/labels`, viewer, { remove: String(vip.label.id) }, { htmx: false });
    expect(refused.status).toBe(403);
    const read = await f.get(page, viewer);
    expect(read.html).toContain('<span class="label-chip label-purple">VIP</span>');
    expect(read.html).not.toContain("Remove label VIP");
    await f.post(`${page}/labels`, f.sam, { remove: String(vip.label.id) }, { htmx: false });
    expect(f.t.db.query("SELECT count(*) AS n FROM record_labels").get()).toEqual({ n: 0 });
    expect(
      (await f.post(`/records/leads/${record.id}/labels`, f.sam, { add: "1" }, { htmx: false })).status,
    ).toBe(404);
  });
});
