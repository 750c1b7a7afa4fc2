import { describe, expect, test } from "bun:test";
import { postForm } from "../helpers/app.ts";
import { inboxFixture } from "../inbox/http-fixture.ts";

describe("a record's WhatsApp group", () => {
  test("shows its subject only to people who may use the group's channel", async () => {
    const f = await inboxFixture();
    const groupJid = "120363000000000042@g.us";
    f.receive(f.support, {
      kind: "group",
      chatJid: groupJid,
      groupSubject: "Merger war room",
      participantJid: "447700900123@s.whatsapp.net",
      text: "hush",
    });
    const made = await postForm(f.t, "/records/accounts", f.admin, { name: "Acme", group_jid: groupJid });
    expect(made.status).toBe(303);
    const href = made.headers.get("location")!.replace(/\?.*$/, "");
    const asAdmin = await (await f.t.request(href, { session: f.admin })).text();
    expect(asAdmin).toContain("Merger war room");
    const asSam = await (await f.t.request(href, { session: f.sam })).text();
    expect(asSam).toContain("Acme");
    expect(asSam).not.toContain("Merger war room");
  });
});
