package dev.tollgate.simulator.core;

import java.util.Arrays;
import java.util.List;

/**
 * The simulator's deterministic "tokenizer": one token per whitespace-separated word. Exact and
 * trivial on purpose, so tests anywhere can predict the usage a request will be billed. The same
 * rules hold in every wire format, so a gateway that translates a request between formats sees the
 * same numbers.
 *
 * <ul>
 *   <li>chat prompt: for each message, its words + {@value #TOKENS_PER_MESSAGE}; plus
 *       {@value #TOKENS_PER_REPLY} for the reply priming (the same overheads OpenAI documents). A
 *       system prompt given apart from the messages (Anthropic {@code system}, Gemini
 *       {@code systemInstruction}) counts as one more message ({@link #promptTokens});
 *   <li>text completion prompt, embedding input: the words of every string; a token-array input
 *       counts its length;
 *   <li>completion (reply text): the number of content chunks, i.e. {@code min(chunks, max_tokens)};
 *   <li>thinking (Anthropic {@code thinking}, Gemini {@code thinkingConfig}): {@value #THINKING_WORDS}
 *       words before the reply, which count as output and against {@code max_tokens}
 *       ({@link #thinkingTokens}, {@link #replyTokens});
 *   <li>tool call: the words of its arguments JSON, rendered with {@code ": "} and {@code ", "}
 *       separators ({@link #toolCallTokens}); a tool call replaces the reply text and is not capped;
 *   <li>Anthropic splits the prompt into uncached, cache-read and cache-written parts
 *       ({@link #anthropicInputTokens}); OpenAI and Gemini report cached tokens as a part of the
 *       whole prompt.
 * </ul>
 */
public final class TokenCounting {

  /** Overhead of every chat message (role and delimiters). */
  public static final int TOKENS_PER_MESSAGE = 3;

  /** Overhead of the assistant reply priming, once per chat prompt. */
  public static final int TOKENS_PER_REPLY = 3;

  /** Words of the thinking that precedes a reply when the request enables thinking. */
  public static final int THINKING_WORDS = 8;

  /** {@code max_tokens} value meaning "not given". */
  public static final int NO_LIMIT = Integer.MAX_VALUE;

  private TokenCounting() {}

  /** Number of maximal runs of non-whitespace characters; {@code null} counts 0. */
  public static int words(CharSequence text) {
    if (text == null) {
      return 0;
    }
    int count = 0;
    boolean inWord = false;
    for (int i = 0, n = text.length(); i < n; i++) {
      boolean space = Character.isWhitespace(text.charAt(i));
      if (!space && !inWord) {
        count++;
      }
      inWord = !space;
    }
    return count;
  }

  /**
   * Prompt tokens of a chat request.
   *
   * @param messageTexts the text of each message (for multi-part content, the text parts joined by
   *                     a space; non-text parts count nothing; {@code null} for no content)
   */
  public static int chatPromptTokens(List<String> messageTexts) {
    int total = TOKENS_PER_REPLY;
    for (String text : messageTexts) {
      total += words(text) + TOKENS_PER_MESSAGE;
    }
    return total;
  }

  /** Convenience form of {@link #chatPromptTokens(List)}. */
  public static int chatPromptTokens(String... messageTexts) {
    return chatPromptTokens(Arrays.asList(messageTexts));
  }

  /**
   * Prompt tokens of a request whose system prompt is apart from its messages (Anthropic, Gemini):
   * the system prompt, when present ({@code null}: absent), counts as one more message, so that
   * {@code promptTokens("You are terse", List.of("Say hello"))} equals
   * {@code chatPromptTokens("You are terse", "Say hello")} = 14.
   */
  public static int promptTokens(String system, List<String> messageTexts) {
    int total = chatPromptTokens(messageTexts);
    return system == null ? total : total + words(system) + TOKENS_PER_MESSAGE;
  }

  /** Prompt tokens of a text completion or an embedding request with string inputs. */
  public static int textTokens(List<String> texts) {
    int total = 0;
    for (String text : texts) {
      total += words(text);
    }
    return total;
  }

  /** Completion tokens: the configured chunks, capped by {@code max_tokens}. */
  public static int completionTokens(int chunks, int maxTokens) {
    return Math.min(chunks, maxTokens);
  }

  /** Thinking words of a reply whose request enables thinking: {@value #THINKING_WORDS}, capped by {@code max_tokens}. */
  public static int thinkingTokens(int maxTokens) {
    return Math.min(THINKING_WORDS, maxTokens);
  }

  /**
   * Output tokens of a text reply (Anthropic {@code output_tokens}; Gemini
   * {@code candidatesTokenCount + thoughtsTokenCount}): the thinking words, if enabled, then the
   * reply words in what is left of {@code max_tokens}.
   */
  public static int replyTokens(int chunks, int maxTokens, boolean thinking) {
    int thinkingWords = thinking ? thinkingTokens(maxTokens) : 0;
    int left = maxTokens == NO_LIMIT ? NO_LIMIT : maxTokens - thinkingWords;
    return thinkingWords + completionTokens(chunks, left);
  }

  /**
   * Output tokens of a tool call: the words of its arguments as the simulator renders them
   * ({@code {"city": "gateway", "days": 3}} is 4). See {@link ToolCall#arguments()}.
   */
  public static int toolCallTokens(String argumentsJson) {
    return words(argumentsJson);
  }

  /**
   * Anthropic's {@code input_tokens}: the prompt tokens that were neither read from nor written to
   * the cache ({@code cached_tokens}, {@code cache_write_tokens}), never below 0, so that
   * {@code input_tokens + cache_read_input_tokens + cache_creation_input_tokens} is the whole prompt
   * whenever the cache counts fit in it.
   */
  public static int anthropicInputTokens(int promptTokens, int cacheReadTokens, int cacheWriteTokens) {
    return Math.max(0, promptTokens - cacheReadTokens - cacheWriteTokens);
  }
}
