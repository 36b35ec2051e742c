import { Box, Button, Input, Text } from "@saleor/macaw-ui";
import { useEffect, useState } from "react";

import { gql } from "../api";
import { useBridgeState } from "../bridge";

const SETTINGS = `channelSlug enabled baseUrl model apiKeySet timeoutSeconds
  tokensPerConversation tokensPerDay tokensUsedToday`;

type Settings = {
  channelSlug: string; enabled: boolean; baseUrl: string; model: string; apiKeySet: boolean;
  timeoutSeconds: number; tokensPerConversation: number; tokensPerDay: number; tokensUsedToday: number;
};
type Form = {
  enabled: boolean; baseUrl: string; model: string; apiKey: string; removeKey: boolean;
  timeoutSeconds: string; tokensPerConversation: string; tokensPerDay: string;
};
type FieldErrors = Partial<Record<keyof Form | "form", string>>;

const formOf = (s: Settings): Form => ({
  enabled: s.enabled, baseUrl: s.baseUrl, model: s.model, apiKey: "", removeKey: false,
  timeoutSeconds: String(s.timeoutSeconds), tokensPerConversation: String(s.tokensPerConversation),
  tokensPerDay: String(s.tokensPerDay),
});

/** The opt-in model-backed assistant of one sales channel: server, model, key, limits. */
export function AssistantSettings({ token, onBack }: { token: string; onBack: () => void }) {
  const bridge = useBridgeState();
  const mayManage = (bridge?.user?.permissions ?? []).includes("MANAGE_PLUGINS" as never);
  const [channels, setChannels] = useState<{ slug: string; name: string }[] | null>(null);
  const [slug, setSlug] = useState("");
  const [settings, setSettings] = useState<Settings | null>(null);
  const [form, setForm] = useState<Form | null>(null);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    gql(token, `{ salesChannels { slug name } }`).then((data) => {
      const found = data.salesChannels ?? [];
      setChannels(found);
      if (found.length) setSlug((current) => current || found[0].slug);
    }, (reason: Error) => setFailure(reason.message));
  }, [token]);

  useEffect(() => {
    if (!slug || !mayManage) return;
    setSettings(null); setForm(null); setErrors({}); setNotice(null); setFailure(null);
    let current = true;  // a slower answer for the sales channel chosen before is dropped
    gql(token, `query($c: String!) { modelAssistantSettings(channel: $c) { ${SETTINGS} } }`, { c: slug }).then(
      (data) => { if (current) { setSettings(data.modelAssistantSettings); setForm(formOf(data.modelAssistantSettings)); } },
      (reason: Error) => { if (current) setFailure(explain(reason.message)); },
    );
    return () => { current = false; };
  }, [token, slug, mayManage]);

  const set = (patch: Partial<Form>) => { setForm((current) => current && { ...current, ...patch }); setNotice(null); };

  const save = () => {
    if (!form) return;
    const found: FieldErrors = {};
    const timeout = Number(form.timeoutSeconds);
    if (form.timeoutSeconds.trim() === "" || !Number.isFinite(timeout)) found.timeoutSeconds = "A number of seconds.";
    const budgets = {} as Record<"tokensPerConversation" | "tokensPerDay", number>;
    for (const name of ["tokensPerConversation", "tokensPerDay"] as const) {
      budgets[name] = Number(form[name]);
      if (form[name].trim() === "" || !Number.isInteger(budgets[name])) found[name] = "A whole number of tokens.";
    }
    setErrors(found);
    if (Object.keys(found).length) return;
    const input: Record<string, unknown> = {
      enabled: form.enabled, baseUrl: form.baseUrl, model: form.model, timeoutSeconds: timeout, ...budgets,
    };
    if (form.apiKey.trim()) input.apiKey = form.apiKey;
    else if (form.removeKey) input.apiKey = "";
    setSaving(true);
    gql(token, `mutation($c: String!, $input: ModelAssistantSettingsInput!) {
      modelAssistantSettingsUpdate(channel: $c, input: $input) { settings { ${SETTINGS} } errors { field code message } } }`,
    { c: slug, input }).then((data) => {
      const payload = data.modelAssistantSettingsUpdate;
      if (payload.errors.length) {
        const byField: FieldErrors = {};
        for (const error of payload.errors as { field: string | null; message: string }[]) {
          const field = (error.field && error.field in form ? error.field : "form") as keyof FieldErrors;
          byField[field] = byField[field] ? `${byField[field]} ${error.message}` : error.message;
        }
        setErrors(byField);
        return;
      }
      setSettings(payload.settings);
      setForm(formOf(payload.settings));
      setErrors({});
      setNotice("Saved.");
    }, (reason: Error) => setErrors({ form: explain(reason.message) })).finally(() => setSaving(false));
  };

  return (
    <Box data-testid="assistant-settings" display="flex" flexDirection="column" gap={4} __maxWidth="720px">
      <Box display="flex" justifyContent="space-between" alignItems="center" gap={2}>
        <Text as="h1" size={8} fontWeight="bold">Model-backed assistant</Text>
        <Button variant="secondary" data-testid="back-to-inbox" onClick={onBack}>Back to the inbox</Button>
      </Box>
      <Text color="default2">
        Off unless you switch it on for a sales channel. Then an OpenAI-compatible server (a hosted provider, or a
        local Ollama, vLLM or llama.cpp server) answers shoppers with the shop's own data. An answer is sent only
        when every order number, price, date and product in it comes from the shop; otherwise, and whenever the
        server fails, is too slow or the budget is spent, the built-in assistant answers.
      </Text>
      {!mayManage ? (
        <Text data-testid="assistant-settings-permission">
          Changing the assistant needs the MANAGE_PLUGINS permission. Ask a staff member who manages staff to add
          you to a permission group that has it (Dashboard → Configuration → Permission groups).
        </Text>
      ) : (
        <>
          <Box display="flex" gap={2} alignItems="center">
            <label htmlFor="assistant-channel"><Text fontWeight="bold">Sales channel</Text></label>
            <select id="assistant-channel" data-testid="assistant-channel" value={slug} disabled={saving} onChange={(e) => setSlug(e.target.value)}>
              {(channels ?? []).map((c) => <option key={c.slug} value={c.slug}>{c.name}</option>)}
            </select>
          </Box>
          {channels?.length === 0 && <Text>No sales channel you can see.</Text>}
          {failure && <Text data-testid="assistant-settings-failure" color="critical1">{failure}</Text>}
          {form && settings && (
            <Box as="form" display="flex" flexDirection="column" gap={3} data-testid="assistant-settings-form"
              onSubmit={(e) => { e.preventDefault(); save(); }}>
              <Box display="flex" flexDirection="column" gap={1}>
                <label>
                  <input type="checkbox" data-testid="assistant-enabled" checked={form.enabled}
                    onChange={(e) => set({ enabled: e.target.checked })} />{" "}
                  <Text fontWeight="bold">The model answers in this sales channel</Text>
                </label>
                <FieldError id="enabled" message={errors.enabled} />
              </Box>
              <Field name="baseUrl" testId="assistant-base-url" label="Base URL" form={form} errors={errors} set={set}
                help="The server's OpenAI-compatible address, e.g. http://127.0.0.1:11434/v1 (Ollama), http://127.0.0.1:8000/v1 (vLLM)." />
              <Field name="model" testId="assistant-model" label="Model" form={form} errors={errors} set={set}
                help="As the server names it, e.g. llama3.1:8b or gpt-4o-mini. It must support tool calling." />
              <Box display="flex" flexDirection="column" gap={1}>
                <Text data-testid="assistant-key-state" size={2}>
                  {settings.apiKeySet ? "An API key is stored, encrypted; it is never shown." : "No API key is stored (local servers often need none)."}
                </Text>
                <Field name="apiKey" testId="assistant-api-key" type="password" form={form} errors={errors}
                  set={(patch) => set({ ...patch, removeKey: false })}
                  label={settings.apiKeySet ? "New API key (replaces the stored one)" : "API key"}
                  help={settings.apiKeySet ? "Leave empty to keep the stored key." : "Sent as a Bearer token."} />
                {settings.apiKeySet && (
                  <label>
                    <input type="checkbox" data-testid="assistant-remove-key" checked={form.removeKey} disabled={!!form.apiKey}
                      onChange={(e) => set({ removeKey: e.target.checked })} />{" "}
                    <Text size={2}>Remove the stored key</Text>
                  </label>
                )}
              </Box>
              <Field name="timeoutSeconds" testId="assistant-timeout" label="Timeout (seconds)" type="number" form={form}
                errors={errors} set={set} help="The whole answer's deadline, from 1 to 60; then the built-in assistant answers." />
              <Box display="flex" gap={3}>
                <Field name="tokensPerConversation" testId="assistant-tokens-per-conversation" label="Tokens per conversation"
                  type="number" form={form} errors={errors} set={set}
                  help="One conversation's tokens over the last 24 hours. 0: never ask the model." />
                <Field name="tokensPerDay" testId="assistant-tokens-per-day" label="Tokens per day" type="number" form={form}
                  errors={errors} set={set} help="The sales channel's tokens since midnight in its time zone." />
              </Box>
              <Text data-testid="assistant-usage" size={2} color="default2">
                Used today in this sales channel: {settings.tokensUsedToday.toLocaleString()} of{" "}
                {settings.tokensPerDay.toLocaleString()} tokens.
              </Text>
              <FieldError id="form" message={errors.form} />
              <Box display="flex" gap={2} alignItems="center">
                <Button type="submit" data-testid="assistant-save" disabled={saving}>{saving ? "Saving…" : "Save"}</Button>
                {notice && <Text data-testid="assistant-notice" color="success1">{notice}</Text>}
              </Box>
            </Box>
          )}
        </>
      )}
    </Box>
  );
}

type TextName = "baseUrl" | "model" | "apiKey" | "timeoutSeconds" | "tokensPerConversation" | "tokensPerDay";

/** One input with its help, or the API's reason when the last save refused it. */
function Field({ name, testId, label, help, type = "text", form, errors, set }: {
  name: TextName; testId: string; label: string; help: string; type?: "text" | "number" | "password";
  form: Form; errors: FieldErrors; set: (patch: Partial<Form>) => void;
}) {
  return (
    <Box data-testid={`field-${name}`} __flex="1">
      <Input label={label} type={type} data-testid={testId} value={form[name]}
        autoComplete={type === "password" ? "new-password" : "off"}
        onChange={(e) => set({ [name]: e.target.value })} error={!!errors[name]} helperText={errors[name] ?? help} />
    </Box>
  );
}

function FieldError({ id, message }: { id: string; message?: string }) {
  if (!message) return null;
  return <Text data-testid={`error-${id}`} size={2} color="critical1">{message}</Text>;
}

/** A permission error from an App installed before it asked for MANAGE_PLUGINS. */
function explain(message: string): string {
  if (!message.includes("MANAGE_PLUGINS")) return message;
  return `${message}. The staff member has it, so the Conversations App itself lacks it: add MANAGE_PLUGINS to the App (Dashboard → Extensions → Conversations → Edit permissions), or install the App again.`;
}
