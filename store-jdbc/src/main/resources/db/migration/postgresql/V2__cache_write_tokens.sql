-- Tokens written to a provider's prompt cache (Anthropic's cache_creation_input_tokens), priced apart
-- from plain input. Part of prompt_tokens, like cached_tokens.
ALTER TABLE usage_events ADD COLUMN cache_write_tokens BIGINT NOT NULL DEFAULT 0;
