import { Icon } from "../../ui/icons/icon.tsx";
import { MessageBubble } from "../../inbox/views/message.tsx";
import { Time } from "../../ui/components/time.tsx";
import type { TimelineEntry } from "../timeline.ts";

/** The customer's WhatsApp conversations, newest first, with their latest messages and media. */
export function Timeline(p: { entries: TimelineEntry[] }) {
  return (
    <section class="card record-timeline" id="timeline">
      <h2>WhatsApp timeline</h2>
      {p.entries.length === 0 ? (
        <p class="empty">
          No WhatsApp conversations yet. Messages from this record's numbers or group appear here.
        </p>
      ) : null}
      {p.entries.map((e) => (
        <article class="timeline-conv">
          <header>
            <a href={`/inbox/c/${e.conversation.id}`}>
              {e.conversation.kind === "group" ? <Icon name="group" label="Group" /> : null}
              {e.conversation.title || e.conversation.peer_phone || e.conversation.chat_jid}
            </a>
            <span class="muted">
              {" "}
              via {e.channelName} · <Time at={e.conversation.last_message_at} />
            </span>
          </header>
          <div class="messages">
            {e.messages.map((m) => (
              <MessageBubble
                m={m}
                group={e.conversation.kind === "group"}
                extras={e.extras.get(m.id)}
                rich={e.rich.get(m.id)}
              />
            ))}
          </div>
        </article>
      ))}
    </section>
  );
}
