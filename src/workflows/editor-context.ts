import { findChannel } from "../channels/store.ts";
import { createHmac } from "node:crypto";
import type { Context } from "hono";
import type { AppEnv } from "../web/context.ts";
import type { FormBody } from "../web/forms.ts";
import { currentUser } from "../auth/middleware.ts";
import { listUsers } from "../auth/users-store.ts";
import { listGroups } from "../auth/teams-store.ts";
import { accessibleChannels } from "../channels/access.ts";
import { channelLabel } from "../channels/store.ts";
import { RECORD_TYPES, recordTypeLabel, updatableFields, type RecordType } from "../records/public.ts";
import type { EditorProps } from "./views/editor.tsx";
import type { Draft, DraftErrors, DraftStep, EditorChoices } from "./editor.ts";
import { previewPattern, recentInbound } from "./recent.ts";
import { safeFileName } from "../file-name.ts";
import { scopeWiderThan } from "./editor-scope.ts";
import { mayUseEveryChannel, workflowScope } from "./scope.ts";
import { findWorkflow } from "./store.ts";
import { listLabels } from "../messaging/labels.ts";

/** What the editor offers the person editing: only their own channels, active users, the type's fields. */
export function editorChoices(c: Context<AppEnv>): EditorChoices {
  const { db, secret } = c.get("deps");
  const user = currentUser(c);
  return {
    channelIds: new Set(
      accessibleChannels(db, user)
        .filter((ch) => ch.deleted_at === null)
        .map((ch) => ch.id),
    ),
    mayUseAllChannels: mayUseEveryChannel(db, user),
    countryPrefixOf: (channelId) => findChannel(db, channelId)?.country_prefix ?? "",
    userIds: new Set(
      listUsers(db)
        .filter((u) => u.active)
        .map((u) => u.id),
    ),
    labelIds: new Set(listLabels(db).map((l) => l.id)),
    teamIds: new Set(listGroups(db).map((g) => g.id)),
    fileSignature: (v) =>
      createHmac("sha256", secret)
        .update(`wf-file|${v.file_sha}|${v.file_mime}|${v.file_size}|${v.file_name}`)
        .digest("hex")
        .slice(0, 32),
  };
}

export function recordTypeOptions() {
  return RECORD_TYPES.map((t) => ({ value: t, label: recordTypeLabel(t) }));
}

export function editorProps(c: Context<AppEnv>, draft: Draft, errors: DraftErrors, id?: number): EditorProps {
  const { db } = c.get("deps");
  const user = currentUser(c);
  const channels = accessibleChannels(db, user);
  const mayUseAll = mayUseEveryChannel(db, user);
  const saved = id ? findWorkflow(db, id) : null;
  const type = (RECORD_TYPES as readonly string[]).includes(draft.recordType)
    ? (draft.recordType as RecordType)
    : "contact";
  return {
    id,
    draft,
    errors,
    recent: previewPattern(
      draft.pattern,
      recentInbound(
        db,
        channels.map((ch) => ch.id),
      ),
    ),
    recordTypes: recordTypeOptions(),
    scope: {
      mayUseAll,
      // Only what this person may see is named; that there is more is said, so saving narrows nothing unawares.
      wider:
        saved !== null &&
        scopeWiderThan(workflowScope(db, saved), new Set(channels.map((ch) => ch.id)), mayUseAll),
    },
    choices: {
      channels: channels
        .filter((ch) => ch.deleted_at === null)
        .map((ch) => ({ id: ch.id, label: channelLabel(ch) })),
      users: listUsers(db)
        .filter((u) => u.active)
        .map((u) => ({ id: u.id, name: u.name })),
      teams: listGroups(db).map((g) => ({ id: g.id, name: g.name })),
      fields: updatableFields(type),
      recordLabel: recordTypeLabel(type),
      labels: listLabels(db).map((l) => ({ id: l.id, name: l.name })),
    },
  };
}

/** Signs the files of steps we loaded ourselves (stored workflows, fresh uploads). */
export function signFiles(steps: DraftStep[], choices: EditorChoices): void {
  for (const s of steps) if (s.v.file_sha) s.v.file_sig = choices.fileSignature(s.v);
}

/**
 * Files chosen in the form are stored at once (content-addressed), so they survive the editor's
 * re-renders; the step keeps the signed reference.
 */
export async function storeUploads(
  c: Context<AppEnv>,
  body: FormBody,
  draft: Draft,
  choices: EditorChoices,
  errors: DraftErrors,
): Promise<void> {
  const { config, services } = c.get("deps");
  for (let i = 0; i < draft.steps.length; i++) {
    const raw = body[`s.${i}.file`];
    const file = Array.isArray(raw) ? raw[0] : raw;
    if (!(file instanceof File) || file.size === 0) continue;
    if (file.size > config.maxUploadBytes) {
      errors[`s.${i}.file`] = `The file is larger than ${config.maxUploadMb} MB.`;
      continue;
    }
    const put = await services.media.putBytes(new Uint8Array(await file.arrayBuffer()));
    if (!put.ok) {
      errors[`s.${i}.file`] = put.error;
      continue;
    }
    const step = draft.steps[i]!;
    const name = safeFileName(file.name) ?? "file";
    Object.assign(step.v, {
      file_sha: put.sha256,
      file_mime: file.type || "application/octet-stream",
      file_size: String(put.size),
      file_name: name,
      attachment: "file",
    });
    step.v.file_sig = choices.fileSignature(step.v);
  }
}
