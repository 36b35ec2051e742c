import { AppBridgeState, useAppBridge } from "@saleor/app-sdk/app-bridge";
import { useEffect, useState } from "react";

/**
 * App Bridge state that never misses the handshake: useAppBridge() reads the state at
 * render and subscribes in an effect, so a handshake posted in between (the Dashboard
 * posts it on the iframe's load) would be lost. Re-read the state after subscribing.
 */
export function useBridgeState(): AppBridgeState | null {
  const { appBridge } = useAppBridge();
  const [state, setState] = useState<AppBridgeState | null>(() => appBridge?.getState() ?? null);
  useEffect(() => {
    if (!appBridge) return;
    const refresh = () => setState({ ...appBridge.getState() });
    // The Dashboard posts `tokenRefresh` with a fresh token before the old one expires:
    // every later call must carry it (an expired token answers 401).
    const unsubscribes = [
      appBridge.subscribe("handshake", refresh),
      appBridge.subscribe("tokenRefresh", refresh),
      appBridge.subscribe("theme", refresh),
      appBridge.subscribe("localeChanged", refresh),
    ];
    refresh();
    return () => unsubscribes.forEach((unsubscribe) => unsubscribe());
  }, [appBridge]);
  return state;
}
