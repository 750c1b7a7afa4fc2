import type { FormBody } from "../web/forms.ts";
import { many, one } from "../web/forms.ts";
import type { ChannelScope } from "./scope.ts";

/**
 * The editor's "Channels" field: All channels (offered only to someone who may use every channel)
 * or a tick per channel the editing person may use.
 */
export type ScopeDraft = { allChannels: boolean; channelIds: string[] };
export type ScopeChoices = { channelIds: Set<number>; mayUseAllChannels: boolean };

export function scopeFromForm(body: FormBody): ScopeDraft {
  return { allChannels: one(body, "all_channels") === "1", channelIds: many(body, "channels") };
}

/** A new workflow covers what its editor may use: all channels when they may use all, else each of theirs. */
export function initialScope(choices: ScopeChoices): ScopeDraft {
  return choices.mayUseAllChannels
    ? { allChannels: true, channelIds: [] }
    : { allChannels: false, channelIds: [...choices.channelIds].map(String) };
}

/** A saved scope as this person may tick it: only channels they may use (saving keeps only those). */
export function scopeForEditor(stored: ChannelScope, choices: ScopeChoices): ScopeDraft {
  if (stored === "all") return initialScope(choices);
  return { allChannels: false, channelIds: stored.filter((id) => choices.channelIds.has(id)).map(String) };
}

/** Whether the saved scope reaches channels this person may not use (the editor says saving narrows it). */
export function scopeWiderThan(
  stored: ChannelScope,
  visibleChannelIds: Set<number>,
  mayUseAll: boolean,
): boolean {
  return stored === "all" ? !mayUseAll : stored.some((id) => !visibleChannelIds.has(id));
}

export function validateScope(
  draft: ScopeDraft,
  choices: ScopeChoices,
  errors: Record<string, string | undefined>,
): ChannelScope | null {
  if (draft.allChannels) {
    if (choices.mayUseAllChannels) return "all";
    errors.channels = "Only someone who may use every channel can choose All channels.";
    return null;
  }
  const ids = [...new Set(draft.channelIds)].map((v) =>
    /^[1-9][0-9]{0,15}$/.test(v) ? Number(v) : Number.NaN,
  );
  if (ids.some((id) => !choices.channelIds.has(id))) errors.channels = "Choose only channels you can use.";
  else if (ids.length === 0) errors.channels = "Choose at least one channel.";
  return errors.channels ? null : ids.sort((a, b) => a - b);
}
