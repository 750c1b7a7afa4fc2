import { describe, expect, test } from "bun:test";
import { proto } from "@whiskeysockets/baileys";
import { translateChange } from "../../../src/whatsapp/baileys/changes.ts";
import { translateMessage, type TranslateContext } from "../../../src/whatsapp/baileys/translate.ts";
import { waMessage } from "./fixtures.ts";

/** Baileys protos → Pairbox: reactions, edits, deletes, quotes, view-once and CIPHERTEXT stubs. */

const Type = proto.Message.ProtocolMessage.Type;
const ANN = "447700900123@s.whatsapp.net";
const GROUP = "120363040000000001@g.us";
const NOW = 1_800_000_000_000;
const ctx: TranslateContext = {
  channelId: 7,
  ownJid: "14155550100@s.whatsapp.net",
  phoneForLid: () => null,
  groupSubject: () => null,
  now: () => NOW,
};

describe("changes to earlier messages", () => {
  test("a reaction names its target, who reacted (the member, in a group) and the emoji; empty is a removal", () => {
    const r = translateChange(
      waMessage(
        {
          reactionMessage: {
            key: { id: "TARGET1", remoteJid: GROUP },
            text: "👍",
            senderTimestampMs: 1_700_000_000_500,
          },
        },
        { key: { remoteJid: GROUP, participant: "447700900456@s.whatsapp.net" }, pushName: "Bob" },
      ),
      NOW,
    );
    expect(r).toEqual({
      chatJid: GROUP,
      change: {
        kind: "reaction",
        targetWaId: "TARGET1",
        by: "447700900456@s.whatsapp.net",
        byName: "Bob",
        emoji: "👍",
        timestamp: 1_700_000_000_500,
      },
    });
    const removed = translateChange(
      waMessage({ reactionMessage: { key: { id: "TARGET1" }, text: "" } }),
      NOW,
    );
    expect(removed && "change" in removed && removed.change).toMatchObject({
      kind: "reaction",
      emoji: "",
      by: ANN,
    });
  });

  test("an edit (wrapped in editedMessage, as phones send it) carries the new text; our own is by 'me'", () => {
    const edit = translateChange(
      waMessage({
        editedMessage: {
          message: {
            protocolMessage: {
              type: Type.MESSAGE_EDIT,
              key: { id: "TARGET2" },
              editedMessage: { extendedTextMessage: { text: "new words" } },
              timestampMs: 1_700_000_001_000,
            },
          },
        },
      }),
      NOW,
    );
    expect(edit && "change" in edit && edit.change).toMatchObject({
      kind: "edit",
      targetWaId: "TARGET2",
      text: "new words",
      by: ANN,
      timestamp: 1_700_000_001_000,
    });
    const mine = translateChange(
      waMessage({ protocolMessage: { type: Type.REVOKE, key: { id: "T3" } } }, { key: { fromMe: true } }),
      NOW,
    );
    expect(mine && "change" in mine && mine.change).toMatchObject({
      kind: "revoke",
      targetWaId: "T3",
      by: "me",
    });
  });

  test("other protocol messages are named for the log; ordinary messages are not changes", () => {
    expect(
      translateChange(
        waMessage({ protocolMessage: { type: Type.EPHEMERAL_SETTING, ephemeralExpiration: 86400 } }),
        NOW,
      ),
    ).toEqual({ skip: "protocolMessage EPHEMERAL_SETTING" });
    expect(translateChange(waMessage({ conversation: "hi" }), NOW)).toBeNull();
  });
});

describe("message content", () => {
  test("a quote carries the quoted message's id and text", () => {
    const t = translateMessage(
      waMessage({
        extendedTextMessage: {
          text: "yes that one",
          contextInfo: { stanzaId: "Q1", quotedMessage: { imageMessage: { caption: "the blue one" } } },
        },
      }),
      ctx,
    );
    expect(t.ok && t.message).toMatchObject({
      quotedWaId: "Q1",
      quotedText: "the blue one",
      text: "yes that one",
    });
  });

  test("view once, wrapped or flagged, is marked", () => {
    for (const content of [
      { viewOnceMessageV2: { message: { imageMessage: { mimetype: "image/jpeg" } } } },
      { imageMessage: { mimetype: "image/jpeg", viewOnce: true } },
    ]) {
      const t = translateMessage(waMessage(content), ctx);
      expect(t.ok && t.message).toMatchObject({ type: "image", viewOnce: true });
    }
  });

  test("a CIPHERTEXT stub (Baileys could not decrypt it yet) is a placeholder under its id", () => {
    const stub = translateMessage(
      waMessage({}, { messageStubType: proto.WebMessageInfo.StubType.CIPHERTEXT, key: { id: "CIPH" } }),
      ctx,
    );
    expect(stub.ok && stub.message).toMatchObject({
      waId: "CIPH",
      awaitingContent: true,
      text: "",
      media: null,
    });
  });
});
