import { describe, expect, test } from "bun:test";
import { mayAccess, parseAccessList, type AccessList } from "../../src/auth/access.ts";
import type { CurrentUser, Permission } from "../../src/auth/principal.ts";

const user = (
  o: Partial<{ id: number; sets: number[]; groups: number[]; perms: Permission[] }> = {},
): CurrentUser => ({
  id: o.id ?? 7,
  name: "Ann",
  email: "ann@example.com",
  permissions: new Set(o.perms ?? ["records.edit"]),
  permissionSetIds: o.sets ?? [2],
  groupIds: o.groups ?? [],
});

const none: AccessList = { all: false, permissionSets: [], groups: [], users: [] };

describe("the access check", () => {
  test.each<[string, CurrentUser | null, AccessList, boolean]>([
    ["all users: any signed-in user", user(), { all: true }, true],
    ["all users: nobody signed in", null, { all: true }, false],
    ["role match", user({ sets: [2] }), { ...none, permissionSets: [2] }, true],
    ["role mismatch", user({ sets: [2] }), { ...none, permissionSets: [3] }, false],
    ["group match", user({ groups: [5, 9] }), { ...none, groups: [9] }, true],
    ["group mismatch", user({ groups: [5] }), { ...none, groups: [9] }, false],
    ["named user", user({ id: 7 }), { ...none, users: [7] }, true],
    ["another named user", user({ id: 7 }), { ...none, users: [8] }, false],
    [
      "mix: matches only on group",
      user({ sets: [2], groups: [4] }),
      { all: false, permissionSets: [1], groups: [4], users: [99] },
      true,
    ],
    ["none: empty list", user(), none, false],
    ["channel managers always reach channels", user({ perms: ["channels.manage"], sets: [1] }), none, true],
  ])("%s", (_name, who, list, expected) => {
    expect(mayAccess(who, list)).toBe(expected);
  });

  test("a damaged stored list grants nobody", () => {
    expect(mayAccess(user(), parseAccessList("{not json"))).toBe(false);
    expect(mayAccess(user(), parseAccessList('{"all":"yes"}'))).toBe(false);
    expect(mayAccess(user(), parseAccessList('{"all":true}'))).toBe(true);
  });
});
