import { Box, Button, Text } from "@saleor/macaw-ui";
import { useEffect, useState } from "react";

import { CONVERSATION_ROW, gql } from "../api";
import { usePolling } from "../usePolling";
import { Outcomes } from "./Outcomes";
import { AssistantSettings } from "./AssistantSettings";
import { PaymentAlerts } from "./PaymentAlerts";
import { Thread } from "./Thread";

const STATUSES = ["OPEN", "PENDING", "RESOLVED", "SNOOZED"];
const MESSAGING_CHANNELS = ["whatsapp", "messenger", "instagram", "telegram", "twilio", "twilio_whatsapp", "viber", "webchat"];

type Filters = { status: string; messagingChannel: string; assignee: string; unread: boolean; channel: string };

export function Inbox({ token, fixedFilter }: { token: string; fixedFilter?: Record<string, string> }) {
  const [filters, setFilters] = useState<Filters>({ status: "OPEN", messagingChannel: "", assignee: "", unread: false, channel: "" });
  const [selected, setSelected] = useState<string | null>(null);
  const [showOutcomes, setShowOutcomes] = useState(false);
  const [settingsOpen, setSettingsOpen] = useState(false);
  const [salesChannels, setSalesChannels] = useState<{ id: string; name: string }[]>([]);
  useEffect(() => {
    gql(token, `{ salesChannels { id name } }`).then((data) => setSalesChannels(data.salesChannels ?? []), () => {});
  }, [token]);
  const filter: Record<string, unknown> = { ...(fixedFilter ?? {}) };
  if (!fixedFilter) {
    if (filters.status) filter.status = [filters.status];
    if (filters.messagingChannel) filter.messagingChannel = filters.messagingChannel;
    if (filters.assignee === "mine") filter.assignedToMe = true;
    if (filters.assignee === "unassigned") filter.unassigned = true;
    if (filters.unread) filter.unread = true;
    if (filters.channel) filter.channels = [filters.channel];
  }
  const { data, error } = usePolling(
    () => gql(token, `query($filter: ConversationFilterInput) {
      conversations(first: 50, filter: $filter) { edges { node { ${CONVERSATION_ROW} } } } }`, { filter }),
    4000, [token, JSON.stringify(filter)],
  );
  const rows = data?.conversations?.edges?.map((e: any) => e.node) ?? [];
  const current = selected ?? (fixedFilter && rows.length ? rows[0].id : null);
  const set = (patch: Partial<Filters>) => { setFilters({ ...filters, ...patch }); setSelected(null); };
  if (showOutcomes) return <Outcomes token={token} onBack={() => setShowOutcomes(false)} />;
  if (settingsOpen) return <AssistantSettings token={token} onBack={() => setSettingsOpen(false)} />;
  return (
    <Box display="flex" gap={4} __height="calc(100vh - 48px)">
      <Box data-testid="conversation-list" __width="340px" display="flex" flexDirection="column" gap={2} overflowY="auto">
        <Box display="flex" justifyContent="space-between" alignItems="center">
          <Text as="h1" size={8} fontWeight="bold">{fixedFilter ? "Conversations" : "Inbox"}</Text>
          {!fixedFilter && <Button variant="tertiary" data-testid="open-assistant-settings" onClick={() => setSettingsOpen(true)}>Assistant settings</Button>}
        </Box>
        {!fixedFilter && <Box><Button variant="secondary" data-testid="open-outcomes" onClick={() => setShowOutcomes(true)}>Assistant outcomes</Button></Box>}
        {!fixedFilter && (
          <Box display="flex" flexWrap="wrap" gap={2}>
            <select data-testid="filter-status" value={filters.status} onChange={(e) => set({ status: e.target.value })}>
              <option value="">All statuses</option>
              {STATUSES.map((s) => <option key={s} value={s}>{s.toLowerCase()}</option>)}
            </select>
            <select data-testid="filter-messaging-channel" value={filters.messagingChannel} onChange={(e) => set({ messagingChannel: e.target.value })}>
              <option value="">All messaging channels</option>
              {MESSAGING_CHANNELS.map((c) => <option key={c} value={c}>{c}</option>)}
            </select>
            <select data-testid="filter-assignee" value={filters.assignee} onChange={(e) => set({ assignee: e.target.value })}>
              <option value="">Anyone</option>
              <option value="mine">Mine</option>
              <option value="unassigned">Unassigned</option>
            </select>
            <select data-testid="filter-channel" value={filters.channel} onChange={(e) => set({ channel: e.target.value })}>
              <option value="">All sales channels</option>
              {salesChannels.map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}
            </select>
            <label><input type="checkbox" data-testid="filter-unread" checked={filters.unread} onChange={(e) => set({ unread: e.target.checked })} /> Unread</label>
          </Box>
        )}
        {!fixedFilter && <PaymentAlerts token={token} onOpenConversation={setSelected} />}
        {error && <Text color="critical1">{error}</Text>}
        {rows.length === 0 && data && <Text data-testid="no-conversations">No conversations.</Text>}
        {rows.map((row: any) => (
          <Box key={row.id} data-testid="conversation-row" padding={3} borderRadius={3} cursor="pointer"
            backgroundColor={row.id === current ? "default1Hovered" : "default1"} borderWidth={1} borderStyle="solid" borderColor="default1"
            onClick={() => setSelected(row.id)}>
            <Box display="flex" justifyContent="space-between">
              <Text fontWeight="bold">{row.contact.name || row.contact.phone || "Shopper"}</Text>
              {row.unreadCount > 0 && <Text data-testid="unread-count" color="info1">{row.unreadCount} new</Text>}
            </Box>
            <Text size={2} color="default2">
              {row.replyIdentity?.messagingChannel ?? "—"} · {row.channelSlug} · {row.status.toLowerCase()}
              {row.assignee ? ` · ${row.assignee.email}` : ""} · {new Date(row.lastMessageAt).toLocaleString()}
            </Text>
          </Box>
        ))}
      </Box>
      <Box __flex="1" __minWidth="0" overflowY="auto">
        {current ? <Thread key={current} token={token} id={current} /> : <Text>Choose a conversation.</Text>}
      </Box>
    </Box>
  );
}
