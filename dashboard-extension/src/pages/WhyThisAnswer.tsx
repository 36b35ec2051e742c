import { Box, Text } from "@saleor/macaw-ui";

import { AssistantTrace } from "../api";

const ANSWERED_BY: Record<AssistantTrace["assistant"], string> = {
  MODEL: "The model-backed assistant: its answer was checked against the shop's data and sent.",
  BUILTIN: "The built-in assistant: the model was not asked.",
  FALLBACK: "The built-in assistant, after the model: the model's answer was not sent.",
};

/** Under an automated reply (or the message it answered): the assistant's trace, folded. */
export function WhyThisAnswer({ trace, alignSelf }: { trace: AssistantTrace; alignSelf: "start" | "end" }) {
  const asked = trace.assistant !== "BUILTIN";
  return (
    <Box as="details" data-testid="assistant-trace" data-assistant={trace.assistant} alignSelf={alignSelf}
      __maxWidth="70%" __minWidth="min(320px, 100%)" padding={2} borderRadius={3} borderWidth={1} borderStyle="solid"
      borderColor="default1" backgroundColor="default1">
      <summary style={{ cursor: "pointer" }}>
        <Text size={2} fontWeight="bold">
          {trace.assistant === "MODEL" ? "Why this answer" : "Why the built-in assistant answered"}
        </Text>
      </summary>
      <Box display="flex" flexDirection="column" gap={2} paddingTop={2}>
        <Text size={2}>{ANSWERED_BY[trace.assistant]}</Text>
        {trace.reason && (
          <Text size={2} data-testid="trace-reason">
            {trace.assistant === "BUILTIN" ? "Why: " : "Fallback reason: "}{trace.reason}
          </Text>
        )}
        {asked && (
          <Text size={2} data-testid="trace-model">
            Model {trace.model || "(unknown)"} · {trace.totalTokens.toLocaleString()} tokens
            ({trace.promptTokens.toLocaleString()} prompt + {trace.completionTokens.toLocaleString()} completion
            {trace.tokensEstimated ? ", estimated: the server reported no usage" : ""}) · {trace.rounds} request
            {trace.rounds === 1 ? "" : "s"} to the model · {(trace.durationMs / 1000).toFixed(1)} s
          </Text>
        )}
        {asked && <Grounding trace={trace} />}
        {asked && (
          <Box display="flex" flexDirection="column" gap={1} data-testid="trace-tools">
            <Text size={2} fontWeight="bold">
              {trace.toolCalls.length ? `Tools called (${trace.toolCalls.length})` : "No tools called"}
            </Text>
            {trace.toolCalls.map((call, index) => (
              <Box key={index} data-testid="trace-tool-call" display="flex" flexDirection="column" gap={1}>
                <Text size={2} fontWeight="medium" style={{ fontFamily: "monospace" }}>
                  {call.name}({compact(call.arguments)})
                </Text>
                {call.error ? (
                  <Text size={2} color="critical1">Error: {call.error}</Text>
                ) : (
                  <Facts value={call.result} />
                )}
              </Box>
            ))}
          </Box>
        )}
        {asked && trace.faq.length > 0 && (
          <Text size={2} data-testid="trace-faq">
            FAQ entries given to the model: {trace.faq.map((entry) => entry.question).join(" · ")}
          </Text>
        )}
        {trace.assistant === "FALLBACK" && trace.answer && (
          <Text size={2} data-testid="trace-unsent-answer">The model's answer, not sent: “{trace.answer}”</Text>
        )}
      </Box>
    </Box>
  );
}

function Grounding({ trace }: { trace: AssistantTrace }) {
  if (trace.grounded === null) {
    return <Text size={2} data-testid="trace-grounding">Grounding: not checked (the model gave no answer).</Text>;
  }
  if (trace.grounded) {
    return (
      <Text size={2} data-testid="trace-grounding" color="success1">
        Grounded: every fact in the answer comes from these tool results or the FAQ.
      </Text>
    );
  }
  return (
    <Box data-testid="trace-grounding">
      <Text size={2} color="critical1">Not grounded, so not sent:</Text>
      {trace.violations.map((violation) => (
        <Text key={violation} as="p" size={2} color="critical1">· {violation}</Text>
      ))}
    </Box>
  );
}

function Facts({ value }: { value: unknown }) {
  return (
    <Box as="pre" data-testid="trace-tool-result" margin={0} padding={2} borderRadius={2} backgroundColor="default1Hovered" color="default1"
      overflowY="auto" __maxHeight="180px" style={{ whiteSpace: "pre-wrap", wordBreak: "break-word", fontSize: 12 }}>
      {value === null || value === undefined ? "(no result)" : JSON.stringify(value, null, 2)}
    </Box>
  );
}

const compact = (value: unknown) => (value && typeof value === "object" && !Object.keys(value).length ? "" : JSON.stringify(value));
