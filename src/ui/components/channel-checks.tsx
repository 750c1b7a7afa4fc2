import { Checks } from "./form.tsx";

/** A channel an integration (API key, webhook endpoint) may be limited to. */
export type ChannelOption = { id: number; name: string; phone: string };

/** A tick per channel (`channelIds`), with the field's error under them. */
export function ChannelChecks(p: { channels: ChannelOption[]; checked: number[]; error?: string }) {
  return (
    <>
      <Checks
        name="channelIds"
        options={p.channels.map((c) => ({ value: c.id, label: `${c.name || c.phone} (${c.phone})` }))}
        checked={p.checked}
      />
      {p.error ? <small class="error">{p.error}</small> : null}
    </>
  );
}
