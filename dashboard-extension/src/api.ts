/** The plugin's GraphQL API, called with the token the Dashboard hands the App. */
export const API_URL = "/plugins/global/saleor.conversational/graphql/";

export class ApiError extends Error {}

export async function gql<T = any>(token: string, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const response = await fetch(API_URL, {
    method: "POST",
    headers: { "Content-Type": "application/json", Authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = await response.json().catch(() => ({ errors: [{ message: `HTTP ${response.status}` }] }));
  if (body.errors?.length) throw new ApiError(body.errors.map((e: { message: string }) => e.message).join("; "));
  return body.data as T;
}

/** A mutation's payload, throwing its first `errors` entry as an ApiError. */
export async function mutate<T = any>(token: string, name: string, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const data = await gql(token, query, variables);
  const payload = data[name];
  if (payload?.errors?.length) throw new ApiError(payload.errors.map((e: { message: string }) => e.message).join("; "));
  return payload as T;
}

export const CONVERSATION_ROW = `id status handedOver unreadCount lastMessageAt channelSlug
  contact { id name phone email }
  assignee { id email firstName lastName }
  replyIdentity { messagingChannel }`;

/** Why the assistant answered as it did (the model-backed assistant's trace). */
export const ASSISTANT_TRACE = `messageId replyId assistant model promptTokens completionTokens
  totalTokens tokensEstimated rounds answer grounded violations reason durationMs
  toolCalls { name arguments result error } faq { question }`;

export type AssistantTrace = {
  messageId: string; replyId: string | null; assistant: "MODEL" | "BUILTIN" | "FALLBACK"; model: string;
  promptTokens: number; completionTokens: number; totalTokens: number; tokensEstimated: boolean; rounds: number;
  answer: string; grounded: boolean | null; violations: string[]; reason: string; durationMs: number;
  toolCalls: { name: string; arguments: unknown; result: unknown; error: string }[]; faq: { question: string }[];
};

export const THREAD = `
  id status handedOver channelSlug snoozedUntil lastMessageAt
  assignee { id email }
  othersReplying { email firstName }
  replyIdentity { id messagingChannel address windowOpen windowClosesAt templates { name language bodyParams } }
  contact {
    id name email phone
    customer { id email firstName lastName }
    suggestedCustomer { id email }
    identities { id messagingChannel address windowOpen }
    consents { messagingChannel purpose granted source }
    checkouts { id checkoutId channelSlug orderId paymentLinkStatus createdAt }
    recentOrders { id number status statusText total trackingNumbers createdAt channelSlug }
  }
  messages(first: 100) { edges { node {
    id direction messagingChannel kind text status errorCode errorReason createdAt
    assistantTrace { ${ASSISTANT_TRACE} }
  } } }
  notes { id text createdAt author { email } appName }`;

export type Message = {
  id: string; direction: "INBOUND" | "OUTBOUND"; messagingChannel: string; kind: string; text: string;
  status: string; errorCode: string; errorReason: string; createdAt: string;
  assistantTrace: AssistantTrace | null;
};
