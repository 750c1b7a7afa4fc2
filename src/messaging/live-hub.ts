/**
 * The live hub: an in-process publish/subscribe of inbox events. Publishers call it only after
 * their database transaction committed, so a subscriber that reads the database sees the change.
 */
export type LiveEvent =
  | { type: "message"; channelId: number; conversationId: number; messageId: number }
  | { type: "message.status"; channelId: number; conversationId: number; messageId: number }
  | { type: "conversation"; channelId: number; conversationId: number }
  | { type: "channel.status"; channelId: number };

export type LiveListener = (event: LiveEvent) => void;

export class LiveHub {
  private listeners = new Set<LiveListener>();

  subscribe(listener: LiveListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  publish(event: LiveEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch {
        // One broken stream must not stop the others.
      }
    }
  }

  get size(): number {
    return this.listeners.size;
  }
}
