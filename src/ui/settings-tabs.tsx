import type { Child } from "hono/jsx";
import { Layout } from "./layout.tsx";
import { requestContext } from "./context.ts";
import { can, holdsEveryPermission, type CurrentUser, type Permission } from "../auth/principal.ts";

/**
 * Settings sections; each shows only to people with its permission ("every": all of them, as a
 * backup needs). Features add theirs here.
 */
export const SETTINGS_TABS: { href: string; label: string; permission: Permission | "every" | null }[] = [
  { href: "/settings/account", label: "Your account", permission: null },
  { href: "/settings/notifications", label: "Notifications", permission: null },
  { href: "/settings/users", label: "Users", permission: "users.manage" },
  { href: "/settings/roles", label: "Permission sets", permission: "users.manage" },
  { href: "/settings/groups", label: "User groups", permission: "users.manage" },
  { href: "/settings/company", label: "Company", permission: "settings.manage" },
  { href: "/settings/labels", label: "Labels", permission: "settings.manage" },
  { href: "/settings/webhooks", label: "Webhooks", permission: "integrations.manage" },
  { href: "/settings/api-keys", label: "API keys", permission: "integrations.manage" },
  { href: "/settings/backup", label: "Backup", permission: "every" },
];

function tabShown(user: CurrentUser | null, permission: Permission | "every" | null): boolean {
  if (permission === null) return true;
  return permission === "every" ? holdsEveryPermission(user) : can(user, permission);
}

export function SettingsPage(p: { title: string; active: string; children: Child }) {
  const user = requestContext().get("user");
  return (
    <Layout title={p.title} nav="settings">
      <nav class="tabs" aria-label="Settings">
        {SETTINGS_TABS.filter((t) => tabShown(user, t.permission)).map((t) => (
          <a href={t.href} aria-current={p.active === t.href ? "page" : undefined}>
            {t.label}
          </a>
        ))}
      </nav>
      {p.children}
    </Layout>
  );
}
