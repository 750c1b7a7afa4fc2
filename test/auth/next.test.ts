import { expect, test } from "bun:test";
import { addUser, BASE, makeTestApp, signIn, TEST_PASSWORD } from "../helpers/app.ts";

/** Where a Location header takes the browser, resolved as a browser resolves it. */
const landsOn = (res: Response) => new URL(res.headers.get("location") ?? "", `${BASE}/login`);

const HOSTILE = [
  "/%09/other.host/",
  "/%0a/other.host/",
  "/%0d%0a/other.host/",
  "/\\other.host/",
  "//other.host/",
  "/.//other.host/",
  "/a/..//other.host/",
  "/%5Cother.host",
  "https://other.host/",
  "javascript:alert(1)",
  `/${"a".repeat(5000)}`,
];

test("after sign-in, next never leaves the site, and a control character in it is no 500", async () => {
  const t = makeTestApp();
  await addUser(t, "ann@example.com");
  const session = await signIn(t, "ann@example.com");
  for (const next of HOSTILE) {
    // Already signed in: GET /login sends the person on at once.
    const res = await t.request(`/login?next=${next}`, { session });
    expect(res.status).toBe(303);
    expect(landsOn(res).origin).toBe(BASE);
    // The form's hidden field: the same rule when the password is typed.
    const posted = await t.request("/login", {
      method: "POST",
      body: new URLSearchParams({
        email: "ann@example.com",
        password: TEST_PASSWORD,
        next: decodeURIComponent(next.replace(/%(?![0-9a-f]{2})/gi, "%25")),
      }),
    });
    expect(posted.status).toBe(303);
    expect(landsOn(posted).origin).toBe(BASE);
  }
});

test("a next on this site is kept, with its query and fragment", async () => {
  const t = makeTestApp();
  await addUser(t, "ann@example.com");
  const session = await signIn(t, "ann@example.com");
  const next = "/inbox/c/3?channel=2#msg-4";
  const res = await t.request(`/login?next=${encodeURIComponent(next)}`, { session });
  expect(res.headers.get("location")).toBe(next);
  const full = await t.request(`/login?next=${encodeURIComponent(`${BASE}/records/contacts`)}`, { session });
  expect(full.headers.get("location")).toBe("/records/contacts");
});
