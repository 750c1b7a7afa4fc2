import { describe, expect, test } from "bun:test";
import { postForm, type Session } from "../helpers/app.ts";
import { inboxFixture } from "../inbox/http-fixture.ts";

const CSV = "Name,Phone\nZed Secret,+447700900999\n";

async function upload(f: Awaited<ReturnType<typeof inboxFixture>>, session: Session): Promise<string> {
  const body = new FormData();
  body.set("_csrf", session.csrf);
  body.set("type", "contact");
  body.set("file", new File([CSV], "contacts.csv", { type: "text/csv" }));
  const html = await (await f.t.request("/records/import", { method: "POST", body, session })).text();
  return /name="file" value="([^"]+)"/.exec(html)![1]!;
}

const run = (f: Awaited<ReturnType<typeof inboxFixture>>, session: Session, file: string) =>
  postForm(f.t, "/records/import/run", session, {
    type: "contact",
    file,
    map_full_name: "0",
    map_phone: "1",
  });

const contacts = (f: Awaited<ReturnType<typeof inboxFixture>>) =>
  f.t.db.query<{ name: string }, []>("SELECT name FROM records WHERE type = 'contact'").all();

describe("the CSV import reads only the person's own upload", () => {
  test("a CSV sent on a channel the agent cannot use is not importable by its SHA-256", async () => {
    const f = await inboxFixture();
    // The same bytes arrive as a document on the Support line, which Sam may not use.
    const put = await f.t.services.media.putBytes(new TextEncoder().encode(CSV));
    if (!put.ok) throw new Error("not stored");
    const res = await run(f, f.sam, put.sha256);
    expect(res.status).toBe(422);
    expect(await res.text()).toContain("upload it again");
    expect(contacts(f)).toEqual([]);
  });

  test("one person's upload cannot be run by another, and one's own still imports", async () => {
    const f = await inboxFixture();
    const adminsFile = await upload(f, f.admin);
    expect((await run(f, f.sam, adminsFile)).status).toBe(422);
    expect(contacts(f)).toEqual([]);
    const samsFile = await upload(f, f.sam);
    const res = await run(f, f.sam, samsFile);
    expect(await res.text()).toContain("Imported 1 contact");
    expect(contacts(f)).toEqual([{ name: "Zed Secret" }]);
  });
});
