/** The signed-in person as the access rules see them. */
export type CurrentUser = {
  id: number;
  name: string;
  email: string;
  permissions: ReadonlySet<Permission>;
  permissionSetIds: readonly number[];
  groupIds: readonly number[];
};

/** Every named permission. A permission set grants some of them; a user may hold several sets. */
export const PERMISSIONS = {
  "channels.manage": "Add, edit, pair, log out and delete WhatsApp numbers",
  "users.manage": "Manage users, permission sets and user groups",
  "workflows.manage": "Build and run workflows",
  "records.edit": "Create, edit and delete customer records",
  "templates.manage": "Manage message templates",
  "settings.manage": "Change company settings",
  "integrations.manage": "Manage webhooks and API keys for the channels they may use",
  "reports.view": "See the reports of the channels they may use",
} as const;

export type Permission = keyof typeof PERMISSIONS;
export const permissionNames = Object.keys(PERMISSIONS) as Permission[];

export function isPermission(value: string): value is Permission {
  return value in PERMISSIONS;
}

export function can(user: CurrentUser | null, permission: Permission): boolean {
  return user?.permissions.has(permission) ?? false;
}

/** Whether the user holds every permission there is: what a backup (every secret) needs. */
export function holdsEveryPermission(user: CurrentUser | null): boolean {
  return permissionNames.every((p) => can(user, p));
}
