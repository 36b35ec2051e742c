import { Box, Button, Text, Textarea } from "@saleor/macaw-ui";
import { Fragment, useEffect, useState } from "react";

import { gql, Message, mutate, THREAD } from "../api";
import { usePolling } from "../usePolling";
import { SidePanel } from "./SidePanel";
import { WhyThisAnswer } from "./WhyThisAnswer";

const STATUS_COLOR: Record<string, "critical1" | "success1" | "default2"> = {
  FAILED: "critical1", DELIVERED: "success1", READ: "success1",
};

export function Thread({ token, id }: { token: string; id: string }) {
  const { data, error, refresh } = usePolling(
    () => gql(token, `query($id: ID!) { conversation(id: $id) { ${THREAD} } assignableStaff { id email } viewer { id } }`, { id }),
    3000, [token, id],
  );
  const [notice, setNotice] = useState<string | null>(null);
  useEffect(() => {
    mutate(token, "conversationMarkRead", `mutation($id: ID!) { conversationMarkRead(id: $id) { errors { message } } }`, { id }).catch(() => {});
  }, [token, id]);
  const conversation = data?.conversation;
  if (error && !conversation) return <Text color="critical1">{error}</Text>;
  if (!conversation) return <Text>Loading…</Text>;
  const run = (promise: Promise<unknown>, done: string) =>
    promise.then(() => { setNotice(done); refresh(); }, (reason: Error) => setNotice(reason.message));
  const update = (input: Record<string, unknown>, done: string) =>
    run(mutate(token, "conversationUpdate", `mutation($id: ID!, $input: ConversationUpdateInput!) {
      conversationUpdate(id: $id, input: $input) { errors { message } } }`, { id, input }), done);
  const messages: Message[] = [...conversation.messages.edges.map((e: any) => e.node)].reverse();
  // A trace shows under the model's reply; without one (the built-in answered, or the
  // reply is not loaded) under the message it answered.
  const loaded = new Set(messages.map((m) => m.id));
  const traceShownHere = (m: Message) => !!m.assistantTrace &&
    (m.direction === "OUTBOUND" || !m.assistantTrace.replyId || !loaded.has(m.assistantTrace.replyId));
  return (
    <Box display="flex" flexWrap="wrap" gap={4} data-testid="thread">
      <Box __flex="1 1 420px" __minWidth="0" display="flex" flexDirection="column" gap={3}>
        <Box display="flex" justifyContent="space-between" alignItems="center" flexWrap="wrap" gap={2}>
          <Text as="h2" size={7} fontWeight="bold">{conversation.contact.name || "Shopper"}</Text>
          <Box display="flex" gap={2} alignItems="center">
            <Text data-testid="thread-status">{conversation.status.toLowerCase()}</Text>
            <Text>{conversation.handedOver ? "· people answer" : "· the bot answers"}</Text>
            <Button variant="tertiary" data-testid="toggle-bot" onClick={() => update({ handedOver: !conversation.handedOver },
              conversation.handedOver ? "Given back to the bot" : "Taken over from the bot")}>
              {conversation.handedOver ? "Give back to the bot" : "Take over"}
            </Button>
            <select data-testid="assignee" value={conversation.assignee?.id ?? ""}
              onChange={(e) => update(e.target.value ? { assignee: e.target.value } : { unassign: true }, "Assignee changed")}>
              <option value="">Unassigned</option>
              {(data.assignableStaff ?? []).map((s: any) => <option key={s.id} value={s.id}>{s.email}</option>)}
            </select>
            {data.viewer && conversation.assignee?.id !== data.viewer.id && (
              <Button variant="secondary" data-testid="assign-me" onClick={() => update({ assignee: data.viewer.id }, "Assigned to you")}>Assign to me</Button>
            )}
            {conversation.status !== "RESOLVED" ? (
              <Button data-testid="resolve" onClick={() => update({ status: "RESOLVED" }, "Resolved; the bot answers again")}>Resolve</Button>
            ) : (
              <Button variant="secondary" data-testid="reopen" onClick={() => update({ status: "OPEN" }, "Reopened")}>Reopen</Button>
            )}
            <Button variant="secondary" data-testid="pending" onClick={() => update({ status: "PENDING" }, "Marked pending")}>Pending</Button>
          </Box>
        </Box>
        {notice && <Text data-testid="notice" color="default2">{notice}</Text>}
        {conversation.othersReplying.length > 0 && (
          <Text data-testid="others-replying" color="info1">
            {conversation.othersReplying.map((u: any) => u.firstName || u.email).join(", ")} {conversation.othersReplying.length > 1 ? "are" : "is"} replying…
          </Text>
        )}
        <Box data-testid="timeline" display="flex" flexDirection="column" gap={2}>
          {messages.map((m) => (<Fragment key={m.id}>
            <Box data-testid="message" data-direction={m.direction} data-status={m.status}
              alignSelf={m.direction === "OUTBOUND" ? "end" : "start"} __maxWidth="70%" padding={3} borderRadius={4}
              backgroundColor={m.direction === "OUTBOUND" ? "accent1" : "default1Hovered"}>
              <Text color={m.direction === "OUTBOUND" ? "buttonDefaultPrimary" : "default1"} style={{ whiteSpace: "pre-wrap" }}>{m.text || `[${m.kind}]`}</Text>
              <Box display="flex" gap={2}>
                <Text size={1} data-testid="message-channel" color={m.direction === "OUTBOUND" ? "buttonDefaultPrimary" : "default2"}>{m.messagingChannel}</Text>
                {m.direction === "OUTBOUND" && (
                  <Text size={1} data-testid="message-status" color={STATUS_COLOR[m.status] ?? (m.direction === "OUTBOUND" ? "buttonDefaultPrimary" : "default2")}>
                    {m.status.toLowerCase()}{m.errorReason ? `: ${m.errorReason}` : ""}
                  </Text>
                )}
                <Text size={1} color={m.direction === "OUTBOUND" ? "buttonDefaultPrimary" : "default2"}>{new Date(m.createdAt).toLocaleString()}</Text>
              </Box>
            </Box>
            {traceShownHere(m) && <WhyThisAnswer trace={m.assistantTrace!} alignSelf={m.direction === "OUTBOUND" ? "end" : "start"} />}
          </Fragment>))}
        </Box>
        <Reply token={token} id={id} identity={conversation.replyIdentity} onSent={refresh} onError={setNotice} />
        <ProductCard token={token} id={id} channel={conversation.channelSlug} onSent={refresh} onError={setNotice} />
        <Notes token={token} id={id} notes={conversation.notes} onAdded={refresh} onError={setNotice} />
      </Box>
      <SidePanel token={token} contact={conversation.contact} onChange={refresh} onNotice={setNotice} />
    </Box>
  );
}

function Reply({ token, id, identity, onSent, onError }: { token: string; id: string; identity: any; onSent: () => void; onError: (m: string) => void }) {
  const [text, setText] = useState("");
  const [template, setTemplate] = useState({ name: "", language: "en" });
  const [canned, setCanned] = useState<{ id: string; name: string; rendered: string }[]>([]);
  const [lastSignal, setLastSignal] = useState(0);
  useEffect(() => {
    gql(token, `query($c: ID) { cannedResponses(conversation: $c) { id name rendered } }`, { c: id })
      .then((data) => setCanned(data.cannedResponses ?? []), () => setCanned([]));
  }, [token, id]);
  const typed = (value: string) => {
    setText(value);
    if (Date.now() - lastSignal > 5000) {  // colleagues see "… is replying" for 20 s
      setLastSignal(Date.now());
      mutate(token, "conversationReplying", `mutation($id: ID!) { conversationReplying(id: $id) { ok errors { message } } }`, { id }).catch(() => {});
    }
  };
  const windowOpen = identity?.windowOpen !== false;
  const send = () => {
    const input = windowOpen ? { text } : { template: { ...template, bodyParams: text ? [text] : [] } };
    mutate(token, "conversationMessageSend", `mutation($c: ID!, $input: ConversationMessageSendInput!) {
      conversationMessageSend(conversation: $c, input: $input) { message { id } errors { message } } }`, { c: id, input })
      .then(() => { setText(""); onSent(); }, (reason: Error) => onError(reason.message));
  };
  return (
    <Box display="flex" flexDirection="column" gap={2} data-testid="reply">
      <Text size={2} data-testid="window-state">
        {identity ? `Reply on ${identity.messagingChannel}` : "No messaging channel to reply on"}
        {identity && (identity.windowOpen ? (identity.windowClosesAt ? ` · window open until ${new Date(identity.windowClosesAt).toLocaleString()}` : " · no window limit")
          : " · the 24-hour window is closed: send an approved template")}
      </Text>
      {!windowOpen && (
        <Box display="flex" gap={2} data-testid="template-picker">
          <select data-testid="template" value={template.name} onChange={(e) => {
            const chosen = (identity?.templates ?? []).find((t: any) => t.name === e.target.value);
            setTemplate({ name: chosen?.name ?? "", language: chosen?.language ?? "en" });
          }}>
            <option value="">{(identity?.templates ?? []).length ? "Choose an approved template…" : "No approved templates declared on this account"}</option>
            {(identity?.templates ?? []).map((t: any) => (
              <option key={t.name} value={t.name}>{t.name} ({t.language}, {t.bodyParams} parameter{t.bodyParams === 1 ? "" : "s"})</option>
            ))}
          </select>
        </Box>
      )}
      {canned.length > 0 && (
        <select data-testid="canned" value="" onChange={(e) => {
          const chosen = canned.find((c) => c.id === e.target.value);
          if (chosen) typed(text ? `${text}\n${chosen.rendered}` : chosen.rendered);
        }}>
          <option value="">Insert a canned response…</option>
          {canned.map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}
        </select>
      )}
      <Textarea data-testid="reply-text" value={text} placeholder={windowOpen ? "Write a reply" : "Template parameter"} onChange={(e) => typed(e.target.value)} />
      <Box><Button data-testid="send" disabled={!identity || (windowOpen ? !text.trim() : !template.name)} onClick={send}>Send</Button></Box>
    </Box>
  );
}

function Notes({ token, id, notes, onAdded, onError }: { token: string; id: string; notes: any[]; onAdded: () => void; onError: (m: string) => void }) {
  const [text, setText] = useState("");
  const add = () =>
    mutate(token, "conversationNoteAdd", `mutation($c: ID!, $t: String!) { conversationNoteAdd(conversation: $c, text: $t) { note { id } errors { message } } }`, { c: id, t: text })
      .then(() => { setText(""); onAdded(); }, (reason: Error) => onError(reason.message));
  return (
    <Box display="flex" flexDirection="column" gap={2} data-testid="notes" padding={3} borderRadius={4} backgroundColor="warning1">
      <Text fontWeight="bold">Internal notes (the shopper never sees these)</Text>
      {notes.map((n) => (
        <Text key={n.id} data-testid="note">{n.text} — {n.author?.email ?? n.appName ?? "app"}, {new Date(n.createdAt).toLocaleString()}</Text>
      ))}
      <Box display="flex" gap={2}>
        <input data-testid="note-text" style={{ flex: 1 }} placeholder="Add a note" value={text} onChange={(e) => setText(e.target.value)} />
        <Button variant="secondary" data-testid="add-note" disabled={!text.trim()} onClick={add}>Add note</Button>
      </Box>
    </Box>
  );
}

function ProductCard({ token, id, channel, onSent, onError }: { token: string; id: string; channel: string; onSent: () => void; onError: (m: string) => void }) {
  const [words, setWords] = useState("");
  const [found, setFound] = useState<{ id: string; name: string; price: string }[] | null>(null);
  const search = () =>
    gql(token, `query($c: String!, $s: String!) { chatProducts(channel: $c, search: $s) { id name price } }`, { c: channel, s: words })
      .then((data) => setFound(data.chatProducts), (reason: Error) => onError(reason.message));
  const send = (product: string) =>
    mutate(token, "conversationMessageSend", `mutation($c: ID!, $input: ConversationMessageSendInput!) {
      conversationMessageSend(conversation: $c, input: $input) { message { id } errors { message } } }`, { c: id, input: { product } })
      .then(() => { setFound(null); setWords(""); onSent(); }, (reason: Error) => onError(reason.message));
  return (
    <Box display="flex" flexDirection="column" gap={1} data-testid="product-card">
      <Box display="flex" gap={2}>
        <input data-testid="product-search" placeholder="Attach a product card: search the catalogue" style={{ flex: 1 }}
          value={words} onChange={(e) => setWords(e.target.value)} onKeyDown={(e) => e.key === "Enter" && search()} />
        <Button variant="secondary" data-testid="product-search-go" disabled={!words.trim()} onClick={search}>Search</Button>
      </Box>
      {found && found.length === 0 && <Text color="default2">Nothing for sale matches.</Text>}
      {found?.map((p) => (
        <Box key={p.id} display="flex" gap={2} alignItems="center">
          <Text data-testid="product-result">{p.name} · {p.price}</Text>
          <Button variant="secondary" data-testid="send-card" onClick={() => send(p.id)}>Send card</Button>
        </Box>
      ))}
    </Box>
  );
}
