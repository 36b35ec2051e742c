"""The opt-in, model-backed assistant: a chat-completions client, its tool loop and the grounding check."""
