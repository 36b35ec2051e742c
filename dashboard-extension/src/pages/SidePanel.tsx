import { Box, Button, Text } from "@saleor/macaw-ui";
import { useState } from "react";

import { mutate } from "../api";

export function SidePanel({ token, contact, onChange, onNotice }: { token: string; contact: any; onChange: () => void; onNotice: (m: string) => void }) {
  const [customerId, setCustomerId] = useState("");
  const run = (name: string, query: string, variables: Record<string, unknown>, done: string) =>
    mutate(token, name, query, variables).then(() => { onNotice(done); onChange(); }, (reason: Error) => onNotice(reason.message));
  const link = (customer: string) => run("contactCustomerLink", `mutation($c: ID!, $u: ID!) { contactCustomerLink(contact: $c, customer: $u) { errors { message } } }`,
    { c: contact.id, u: customer }, "Linked to the customer");
  const open = contact.checkouts.filter((c: any) => !c.orderId);
  return (
    <Box data-testid="side-panel" __width="300px" flexShrink="0" display="flex" flexDirection="column" gap={4}>
      <Section title="Customer">
        {contact.customer ? (
          <>
            <Text data-testid="linked-customer">{contact.customer.firstName} {contact.customer.lastName} {contact.customer.email}</Text>
            <Box><Button variant="secondary" data-testid="unlink" onClick={() => run("contactCustomerUnlink",
              `mutation($c: ID!) { contactCustomerUnlink(contact: $c) { errors { message } } }`, { c: contact.id }, "Unlinked")}>Unlink</Button></Box>
          </>
        ) : (
          <>
            <Text color="default2">Not linked. A customer is linked only when proven: logged in on the storefront, a one-time code, or by you.</Text>
            {contact.suggestedCustomer && (
              <Box display="flex" gap={2} alignItems="center">
                <Text data-testid="suggested-customer">Suggested by phone: {contact.suggestedCustomer.email}</Text>
                <Button variant="secondary" onClick={() => link(contact.suggestedCustomer.id)}>Link</Button>
              </Box>
            )}
            <Box display="flex" gap={2}>
              <input placeholder="Customer id (User)" value={customerId} onChange={(e) => setCustomerId(e.target.value)} />
              <Button variant="secondary" disabled={!customerId} onClick={() => link(customerId)}>Link</Button>
            </Box>
          </>
        )}
        <Text size={2} color="default2">{[contact.email, contact.phone].filter(Boolean).join(" · ")}</Text>
        <Text size={2} color="default2">On: {contact.identities.map((i: any) => i.messagingChannel).join(", ")}</Text>
      </Section>
      <Section title="Recent orders">
        {contact.recentOrders.length === 0 && <Text color="default2">No orders.</Text>}
        {contact.recentOrders.map((o: any) => (
          <Text key={o.id} data-testid="recent-order">#{o.number} · {o.statusText} · {o.total}{o.trackingNumbers.length ? ` · tracking ${o.trackingNumbers.join(", ")}` : ""}</Text>
        ))}
      </Section>
      <Section title="Open chat checkout">
        {open.length === 0 && <Text color="default2">None.</Text>}
        {open.map((c: any) => (
          <Box key={c.id} display="flex" flexDirection="column" gap={1}>
            <Text data-testid="open-checkout">{c.channelSlug} · payment link: {c.paymentLinkStatus ?? "not sent"}</Text>
            <Box><Button variant="secondary" data-testid="send-payment-link" onClick={() => run("chatCheckoutPaymentLinkSend",
              `mutation($id: ID!) { chatCheckoutPaymentLinkSend(id: $id) { errors { message } } }`, { id: c.id }, "Payment link sent")}>Send payment link</Button></Box>
          </Box>
        ))}
      </Section>
      <Section title="Consents">
        {contact.consents.length === 0 && <Text color="default2">None recorded.</Text>}
        {contact.consents.map((c: any) => (
          <Text key={`${c.messagingChannel}-${c.purpose}`} data-testid="consent">{c.messagingChannel} · {c.purpose.toLowerCase()}: {c.granted ? "yes" : "no"} ({c.source})</Text>
        ))}
      </Section>
    </Box>
  );
}

function Section({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <Box display="flex" flexDirection="column" gap={1}>
      <Text fontWeight="bold">{title}</Text>
      {children}
    </Box>
  );
}
