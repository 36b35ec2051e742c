import { Box, Button, Text } from "@saleor/macaw-ui";
import { useState } from "react";

import { gql, mutate } from "../api";
import { usePolling } from "../usePolling";

const ALERTS = `{ paymentAlerts { id code detail occurrences lastSeenAt provider paymentAccountName channelSlug conversationId
  chatCheckout { orderId paymentLinkStatus } } }`;

/** Chat payments that need a person, and refused payment notifications, until resolved. */
export function PaymentAlerts({ token, onOpenConversation }: { token: string; onOpenConversation: (id: string) => void }) {
  const [failure, setFailure] = useState<string | null>(null);
  const { data, refresh } = usePolling(() => gql(token, ALERTS), 10000, [token]);
  const alerts = data?.paymentAlerts ?? [];
  if (!alerts.length) return null;
  const resolve = (id: string) =>
    mutate(token, "paymentAlertResolve", `mutation($id: ID!) { paymentAlertResolve(id: $id) { paymentAlert { resolvedAt } errors { message } } }`, { id })
      .then(() => { setFailure(null); refresh(); }, (e) => setFailure(String(e.message ?? e)));
  return (
    <Box data-testid="payment-alerts" padding={3} borderRadius={3} borderWidth={1} borderStyle="solid" borderColor="critical1"
      display="flex" flexDirection="column" gap={2}>
      <Text fontWeight="bold" color="critical1">Payment alerts ({alerts.length})</Text>
      {failure && <Text color="critical1">{failure}</Text>}
      {alerts.map((alert: any) => (
        <Box key={alert.id} data-testid="payment-alert" display="flex" flexDirection="column" gap={1}>
          <Text size={2} fontWeight="bold">
            {alert.code.replace(/_/g, " ")}{alert.occurrences > 1 ? ` ×${alert.occurrences}` : ""}
            {" · "}{alert.paymentAccountName ?? alert.provider ?? "deleted account"}{alert.channelSlug ? ` · ${alert.channelSlug}` : ""}
          </Text>
          <Text size={2}>{alert.detail}</Text>
          <Text size={1} color="default2">last {new Date(alert.lastSeenAt).toLocaleString()}</Text>
          <Box display="flex" gap={2}>
            {alert.conversationId && (
              <Button size="small" variant="secondary" onClick={() => onOpenConversation(alert.conversationId)}>Open conversation</Button>
            )}
            <Button size="small" variant="secondary" data-testid="resolve-alert" onClick={() => resolve(alert.id)}>Resolved</Button>
          </Box>
        </Box>
      ))}
    </Box>
  );
}
