import { deflateSync } from "node:zlib";
import { proto } from "@whiskeysockets/baileys";
import type { CompanionDevice } from "./accounts.ts";
import type { Network } from "./network.ts";
import { sendFromPhone } from "./relay.ts";

/**
 * The phone's history sync to a newly linked device. Baileys waits up to 20 s for it after the
 * first login (events stay buffered meanwhile), so the emulator sends the initial bootstrap at once:
 * inline (no media download), empty by default. History tests can fill `conversations` later.
 */
export async function sendHistoryBootstrap(
  net: Network,
  device: CompanionDevice,
  history: proto.IHistorySync = {},
): Promise<void> {
  const syncType = proto.HistorySync.HistorySyncType.INITIAL_BOOTSTRAP;
  const payload = deflateSync(
    proto.HistorySync.encode({ syncType, conversations: [], progress: 100, ...history }).finish(),
  );
  const message: proto.IMessage = {
    protocolMessage: {
      type: proto.Message.ProtocolMessage.Type.HISTORY_SYNC_NOTIFICATION,
      historySyncNotification: {
        syncType: proto.Message.HistorySyncType.INITIAL_BOOTSTRAP,
        initialHistBootstrapInlinePayload: payload,
        chunkOrder: 0,
        progress: 100,
      },
    },
  };
  await sendFromPhone(net, device.account, device, message, { category: "peer", type: "text" });
}
