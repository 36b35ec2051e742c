import { Box, Text, ThemeProvider } from "@saleor/macaw-ui";

import { useBridgeState } from "./bridge";
import { Inbox } from "./pages/Inbox";
import { currentRoute } from "./route";

const NEEDED: Record<string, string[]> = {
  inbox: ["MANAGE_ORDERS"],
  "order-message": ["MANAGE_ORDERS"],
  "order-payment-link": ["MANAGE_ORDERS"],
  "customer-conversations": ["MANAGE_ORDERS", "MANAGE_USERS"],
};

export function App() {
  const appBridgeState = useBridgeState();
  const theme = appBridgeState?.theme === "dark" ? "defaultDark" : "defaultLight";
  return (
    <ThemeProvider defaultTheme={theme}>
      <Box padding={6} backgroundColor="default1" __minHeight="100vh">
        <Page />
      </Box>
    </ThemeProvider>
  );
}

function Page() {
  const appBridgeState = useBridgeState();
  const route = currentRoute();
  if (!appBridgeState?.ready || !appBridgeState.token) {
    return (
      <Text data-testid="waiting">
        Waiting for the Saleor Dashboard… Open this page from Dashboard → Orders → Inbox.
      </Text>
    );
  }
  const held = new Set(appBridgeState.user?.permissions ?? []);
  const missing = NEEDED[route.page].filter((permission) => !held.has(permission as never));
  if (missing.length) {
    return <PermissionExplanation missing={missing} />;
  }
  const token = appBridgeState.token;
  return (
    <Box data-testid={`page-${route.page}`}>
      {route.page === "inbox" && <Inbox token={token} />}
      {(route.page === "order-message" || route.page === "order-payment-link") && (
        route.orderId ? <Inbox token={token} fixedFilter={{ order: route.orderId }} />
          : <Text>Open this from an order.</Text>
      )}
      {route.page === "customer-conversations" && (
        route.customerId ? <Inbox token={token} fixedFilter={{ customer: route.customerId }} />
          : <Text>Open this from a customer.</Text>
      )}
    </Box>
  );
}

export function PermissionExplanation({ missing }: { missing: string[] }) {
  return (
    <Box data-testid="permission-explanation" display="flex" flexDirection="column" gap={2}>
      <Text as="h1" size={8} fontWeight="bold">
        You can't see conversations
      </Text>
      <Text>
        The team inbox shows shoppers' messages and orders, so it needs the{" "}
        {missing.join(" and ")} permission{missing.length > 1 ? "s" : ""}. Ask a staff
        member who manages staff to add you to a permission group that has{" "}
        {missing.length > 1 ? "them" : "it"} (Dashboard → Configuration → Permission
        groups).
      </Text>
    </Box>
  );
}
