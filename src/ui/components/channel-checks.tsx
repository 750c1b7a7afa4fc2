import { Checkbox } from "./form.tsx";

/** A channel an integration (API key, webhook endpoint) may be limited to. */
export type ChannelOption = { id: number; name: string; phone: string };

/** A tick per channel (`channelIds`), with the field's error under them. */
export function ChannelChecks(p: { channels: ChannelOption[]; checked: number[]; error?: string }) {
  return (
    <>
      <div class="checks">
        {p.channels.map((c) => (
          <Checkbox
            name="channelIds"
            value={String(c.id)}
            checked={p.checked.includes(c.id)}
            label={`${c.name || c.phone} (${c.phone})`}
          />
        ))}
      </div>
      {p.error ? <small class="error">{p.error}</small> : null}
    </>
  );
}
