import { describe, expect, test } from "bun:test";
import { findPermissionSet, findPermissionSetByName } from "../../src/auth/teams-store.ts";
import { findUser } from "../../src/auth/users-store.ts";
import { addUser, adminSession, makeTestApp, postForm } from "../helpers/app.ts";

/** The settings pages never leave the server without someone active who may manage users. */
describe("someone can always manage users", () => {
  test("the only user manager cannot deactivate themselves; with a second one they can", async () => {
    const t = makeTestApp();
    const admin = await adminSession(t);
    const me = findUser(t.db, admin.userId)!;
    const adminSet = findPermissionSetByName(t.db, "Administrator")!;
    const fields = { name: me.name, email: me.email, permissionSetIds: String(adminSet.id) };

    const refused = await postForm(t, `/settings/users/${me.id}`, admin, fields);
    expect(refused.status).toBe(422);
    expect(await refused.text()).toContain("Nobody active would be left to manage users");
    expect(findUser(t.db, me.id)!.active).toBe(1);

    await addUser(t, "second@example.com", { sets: ["Administrator"] });
    const kept = await postForm(t, `/settings/users/${me.id}`, admin, fields);
    expect(kept.status).toBe(303);
    expect(findUser(t.db, me.id)!.active).toBe(0);
  });

  test("users.manage cannot be taken from the only permission set that grants it to an active user", async () => {
    const t = makeTestApp();
    const admin = await adminSession(t);
    const set = findPermissionSetByName(t.db, "Administrator")!;
    const res = await postForm(t, `/settings/roles/${set.id}`, admin, { permissions: ["records.edit"] });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain("Nobody active would be left to manage users.");
    expect(JSON.parse(findPermissionSet(t.db, set.id)!.permissions)).toContain("users.manage");
  });
});
