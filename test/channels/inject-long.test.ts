import { expect, test } from "bun:test";
import { postForm } from "../helpers/app.ts";
import { channelsFixture } from "./fixture.ts";

test("the demo inject form takes a message as long as WhatsApp carries (64 KB), and refuses a longer one next to the field", async () => {
  const f = await channelsFixture();
  const res = await postForm(f.t, "/channels", f.admin, {
    phone: "+14302028897",
    name: "Sales",
    access: "all",
  });
  const id = Number(/\/channels\/(\d+)/.exec(res.headers.get("location") ?? "")?.[1]);
  await postForm(f.t, `/channels/${id}/scan`, f.admin, {});
  const inject = (text: string) =>
    postForm(f.t, `/channels/${id}/inject`, f.admin, { fromPhone: "+447700900123", name: "Ana", text });

  const long = "ملف ".repeat(16_384);
  expect((await inject(long)).status).toBe(303);
  expect(f.t.db.query<{ n: number }, []>("SELECT length(text) AS n FROM messages").get()!.n).toBe(
    long.trim().length,
  );
  const tooLong = await inject("x".repeat(65_537));
  expect(tooLong.status).toBe(422);
  expect(await tooLong.text()).toContain("Keep the text under 65536 characters.");
});
