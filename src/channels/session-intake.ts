import type { Logger } from "../log.ts";
import type { Services } from "../messaging/services.ts";
import type { MediaSource, NormalizedMessage } from "../whatsapp/driver.ts";
import { recordIngestFailure, type IngestFailureDeps } from "./ingest-failures.ts";

type Deps = IngestFailureDeps & {
  logger: Logger;
  services: Services;
  track: <T>(p: Promise<T>) => Promise<T>;
};

/**
 * How the session manager stores a live message: through the group-committed intake
 * (messaging/intake.ts). The promise settles once the message's group committed, or its failure was
 * recorded in ingest_failures; the driver waits for it before its receipt. Its file is fetched after.
 */
export function liveMessageStore(
  deps: Deps,
  fetchMedia: (messageId: number, source: MediaSource) => Promise<unknown>,
): (message: NormalizedMessage, media: MediaSource | null) => Promise<void> {
  return (message, media) => {
    const stored = deps.services.intake.submit(message).then(
      (result) => {
        if (result.stored && media && message.media) deps.track(fetchMedia(result.messageId, media));
      },
      (err) => recordIngestFailure(deps, message, err),
    );
    return deps.track(
      stored.catch((err) =>
        deps.logger.error({ err, waId: message.waId }, "could not record an ingest failure"),
      ),
    );
  };
}
