import { Box, Button, Text } from "@saleor/macaw-ui";
import { useEffect, useState } from "react";

import { gql } from "../api";
import { usePolling } from "../usePolling";

const OUTCOMES = `query($channel: String, $since: DateTime) {
  assistantOutcomes(channel: $channel, since: $since) {
    channel { slug name } languageCode exchanges resolved pending handedOver unanswered fallback
    resolutionRate handOverRate unansweredRate fallbackRate } }`;

const PERIODS = [7, 30, 90];

type Outcome = {
  channel: { slug: string; name: string };
  languageCode: string;
  exchanges: number;
  resolved: number;
  pending: number;
  handedOver: number;
  unanswered: number;
  fallback: number;
  resolutionRate: number | null;
  handOverRate: number | null;
  unansweredRate: number | null;
  fallbackRate: number | null;
};

const rate = (part: number, whole: number) => (whole ? part / whole : null);
const percent = (value: number | null) => (value === null ? "—" : `${Math.round(value * 100)} %`);

/** All rows added up, with the rates of the sums (not the mean of the rates). */
function total(rows: Outcome[]): Outcome {
  const sum = (key: "exchanges" | "resolved" | "pending" | "handedOver" | "unanswered" | "fallback") =>
    rows.reduce((n, row) => n + row[key], 0);
  const [exchanges, resolved, pending] = [sum("exchanges"), sum("resolved"), sum("pending")];
  const [handedOver, unanswered, fallback] = [sum("handedOver"), sum("unanswered"), sum("fallback")];
  return {
    channel: { slug: "", name: "All" }, languageCode: "", exchanges, resolved, pending, handedOver, unanswered, fallback,
    resolutionRate: rate(resolved, exchanges - pending), handOverRate: rate(handedOver, exchanges),
    unansweredRate: rate(unanswered, exchanges), fallbackRate: rate(fallback, exchanges),
  };
}

const COLUMNS: [string, (row: Outcome) => string][] = [
  ["Sales channel", (row) => row.channel.name],
  ["Language", (row) => row.languageCode],
  ["Exchanges", (row) => String(row.exchanges)],
  ["Resolved", (row) => String(row.resolved)],
  ["Resolution rate", (row) => percent(row.resolutionRate)],
  ["Pending", (row) => String(row.pending)],
  ["Handed over", (row) => String(row.handedOver)],
  ["Hand-over rate", (row) => percent(row.handOverRate)],
  ["Unanswered", (row) => String(row.unanswered)],
  ["Unanswered rate", (row) => percent(row.unansweredRate)],
  ["Model fallback", (row) => String(row.fallback)],
  ["Fallback rate", (row) => percent(row.fallbackRate)],
];

const cell = { padding: "6px 10px", textAlign: "left" as const, borderBottom: "1px solid rgba(128,128,128,0.3)" };

/** The assistant's outcome figures per sales channel and reply language. */
export function Outcomes({ token, onBack }: { token: string; onBack: () => void }) {
  const [days, setDays] = useState(30);
  const [channel, setChannel] = useState("");
  const [salesChannels, setSalesChannels] = useState<{ slug: string; name: string }[]>([]);
  useEffect(() => {
    gql(token, `{ salesChannels { slug name } }`).then((data) => setSalesChannels(data.salesChannels ?? []), () => {});
  }, [token]);
  const since = new Date(Date.now() - days * 86400000);
  since.setMinutes(0, 0, 0); // a stable variable between polls
  const { data, error } = usePolling(
    () => gql(token, OUTCOMES, { channel: channel || null, since: since.toISOString() }),
    60000, [token, days, channel],
  );
  const rows: Outcome[] = data?.assistantOutcomes ?? [];
  return (
    <Box data-testid="outcomes" display="flex" flexDirection="column" gap={4}>
      <Box display="flex" gap={4} alignItems="center">
        <Button variant="secondary" data-testid="back-to-inbox" onClick={onBack}>← Inbox</Button>
        <Text as="h1" size={8} fontWeight="bold">Assistant outcomes</Text>
      </Box>
      <Box display="flex" gap={2}>
        <select data-testid="outcomes-period" value={days} onChange={(e) => setDays(Number(e.target.value))}>
          {PERIODS.map((d) => <option key={d} value={d}>Last {d} days</option>)}
        </select>
        <select data-testid="outcomes-channel" value={channel} onChange={(e) => setChannel(e.target.value)}>
          <option value="">All sales channels</option>
          {salesChannels.map((c) => <option key={c.slug} value={c.slug}>{c.name}</option>)}
        </select>
      </Box>
      {error && <Text color="critical1">{error}</Text>}
      {data && rows.length === 0 && <Text data-testid="no-outcomes">No assistant exchanges in this period.</Text>}
      {rows.length > 0 && (
        <Box as="table" data-testid="outcomes-table" __borderCollapse="collapse" color="default1">
          <thead>
            <tr>{COLUMNS.map(([title]) => <th key={title} style={cell}><Text size={2} fontWeight="bold">{title}</Text></th>)}</tr>
          </thead>
          <tbody>
            {[...rows, ...(rows.length > 1 ? [total(rows)] : [])].map((row) => (
              <tr key={`${row.channel.slug}:${row.languageCode}`} data-testid="outcome-row"
                data-channel={row.channel.slug} data-language={row.languageCode}>
                {COLUMNS.map(([title, value]) => <td key={title} style={cell}><Text size={2}>{value(row)}</Text></td>)}
              </tr>
            ))}
          </tbody>
        </Box>
      )}
      <Text size={2} color="default2" __maxWidth="760px">
        An exchange is a shopper message the assistant (built-in or model-backed) answered or tried to, counted in
        the language it replied in. Resolved: answered, and within 7 days no staff reply, no hand-over and no
        reopening in that conversation. Exchanges younger than 7 days with nothing against them yet are pending and
        left out of the resolution rate. Handed over: the answer passed the conversation to the team (the assistant
        could not help, or the shopper asked for a person). Unanswered: no automated reply went out. Model fallback:
        the model-backed assistant failed or its answer was not backed by shop data, and the built-in assistant
        answered.
      </Text>
    </Box>
  );
}
