import { Checkbox } from "../../ui/components/form.tsx";

export type ScopeFieldProps = {
  allChannels: boolean;
  channelIds: string[];
  /** The live channels the editing person may use. */
  channels: { id: number; label: string }[];
  /** Whether this person may choose All channels. */
  mayUseAll: boolean;
  /** The saved workflow also covers channels this person may not use. */
  wider: boolean;
  error?: string | undefined;
};

/**
 * The workflow's channels: All channels (only for someone who may use every channel) or a tick per
 * channel of the editing person's. The ticks hide while All channels is chosen (CSS :has, no script).
 */
export function ScopeField(p: ScopeFieldProps) {
  return (
    <fieldset class={p.error ? "wf-scope has-error" : "wf-scope"} id="f-channels">
      <legend>Channels</legend>
      <p class="hint">The workflow runs only for messages on these channels and sends only through them.</p>
      {p.mayUseAll ? (
        <>
          <label class="check">
            <input type="radio" name="all_channels" value="1" checked={p.allChannels} /> All channels,
            including ones added later
          </label>
          <label class="check">
            <input type="radio" name="all_channels" value="0" checked={!p.allChannels} /> Only these channels
          </label>
        </>
      ) : null}
      <div class="checks wf-scope-some">
        {p.channels.map((ch) => (
          <Checkbox
            name="channels"
            value={String(ch.id)}
            label={ch.label}
            checked={p.channelIds.includes(String(ch.id))}
          />
        ))}
      </div>
      {p.channels.length === 0 ? <p class="muted">You may not use any channel yet.</p> : null}
      {p.wider ? (
        <p class="hint">
          This workflow also covers channels you cannot use: saving it keeps only the channels ticked here.
        </p>
      ) : null}
      {p.error ? <small class="error">{p.error}</small> : null}
    </fieldset>
  );
}
