import "@saleor/macaw-ui/style";

import { AppBridge, AppBridgeProvider } from "@saleor/app-sdk/app-bridge";
import React from "react";
import { createRoot } from "react-dom/client";

import { App } from "./App";

// The Dashboard (or a test harness page acting as it) posts the `handshake` action with
// the token; AppBridge keeps it, with theme and the user's permissions.
const appBridge = new AppBridge({ autoNotifyReady: true });

createRoot(document.getElementById("root")!).render(
  <React.StrictMode>
    <AppBridgeProvider appBridgeInstance={appBridge}>
      <App />
    </AppBridgeProvider>
  </React.StrictMode>,
);
