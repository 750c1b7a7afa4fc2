import { expect, test } from "bun:test";
import { conversationName } from "../../src/inbox/views/list.tsx";

test("a conversation is named by its linked customer, a group by its subject, else by number", () => {
  const direct = {
    kind: "direct",
    title: "Ann (WhatsApp name)",
    peer_phone: "+447700900123",
    chat_jid: "447700900123@s.whatsapp.net",
  };
  expect(conversationName({ ...direct, record_name: "Ann Lee" })).toBe("Ann Lee");
  expect(conversationName(direct)).toBe("Ann (WhatsApp name)");
  expect(conversationName({ ...direct, title: "" })).toBe("+447700900123");
  const group = { kind: "group", title: "Site crew", peer_phone: null, chat_jid: "120363001@g.us" };
  expect(conversationName({ ...group, record_name: "Globex Ltd" })).toBe("Site crew");
  expect(conversationName({ ...group, title: "", record_name: "Globex Ltd" })).toBe("Globex Ltd");
  expect(conversationName({ ...group, title: "" })).toBe("Group");
});
