import { describe, expect, test } from "bun:test";
import { adminSession, makeTestApp, postForm } from "../helpers/app.ts";
import { addWorkflow, makeWorkflowServices, send } from "./fixtures.ts";

function makeApp() {
  const s = makeWorkflowServices();
  const t = makeTestApp({}, { db: s.db, clock: s.clock, services: s.services });
  return { ...t, s };
}

const secretOn = (html: string) => /class="mono secret-value">(whsec_[^<]+)</.exec(html)?.[1] ?? null;

describe("a workflow's webhook signing secret", () => {
  test("its run log shows the secret its webhook steps sign with, and Rotate replaces it", async () => {
    const t = makeApp();
    const admin = await adminSession(t);
    const hook = addWorkflow(t.s, "contact", [{ kind: "webhook", url: "http://127.0.0.1:9/hook" }]);
    const page = await (await t.request(`/workflows/${hook}/runs`, { session: admin })).text();
    const first = secretOn(page);
    expect(first).toMatch(/^whsec_[A-Za-z0-9_-]{32}$/);
    expect(secretOn(await (await t.request(`/workflows/${hook}/runs`, { session: admin })).text())).toBe(
      first,
    );

    const rotated = await postForm(t, `/workflows/${hook}/webhook-secret`, admin, {});
    expect(rotated.status).toBe(303);
    const after = await (await t.request(rotated.headers.get("location")!, { session: admin })).text();
    expect(after).toContain("New secret set");
    expect(secretOn(after)).not.toBe(first);
    expect(secretOn(after)).toStartWith("whsec_");

    const other = addWorkflow(t.s, "contact", [send("hi")]);
    expect(
      secretOn(await (await t.request(`/workflows/${other}/runs`, { session: admin })).text()),
    ).toBeNull();
  });
});
