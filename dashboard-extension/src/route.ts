/** Which page to show: the path after `/dashboard/` (APP_PAGE deep path or POPUP url). */
export type Route =
  | { page: "inbox" }
  | { page: "order-message"; orderId: string | null }
  | { page: "order-payment-link"; orderId: string | null }
  | { page: "customer-conversations"; customerId: string | null };

export function currentRoute(location: Location = window.location): Route {
  const path = location.pathname.split("/dashboard/")[1] ?? "";
  const params = new URLSearchParams(location.search);
  const orderId = params.get("orderId") ?? params.get("id");
  const customerId = params.get("customerId") ?? params.get("id");
  if (path.startsWith("order/message")) return { page: "order-message", orderId };
  if (path.startsWith("order/payment-link")) return { page: "order-payment-link", orderId };
  if (path.startsWith("customer/conversations")) return { page: "customer-conversations", customerId };
  return { page: "inbox" };
}
