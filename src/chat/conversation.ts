// Fits a ticket's conversation into what a model can take: long comments are shortened, and when the whole is still
// too long, the first comment (the request) and the latest ones are kept and the middle is left out. Whatever is
// cut is said in the text, so the model never takes a part for the whole. No `vscode` import.

export interface ConversationEntry {
  /** 1-based position in the whole conversation, oldest first. */
  index: number;
  /** One line: position, public or internal, author, time. */
  header: string;
  text: string;
}

export interface TrimLimits {
  /** Characters for the whole conversation (headers included). */
  totalChars: number;
  /** Characters of one comment's text. */
  commentChars: number;
}

/** About 8k tokens for the conversation, 1.5k for one comment: room for the rest of a chat. */
export const DEFAULT_LIMITS: TrimLimits = { totalChars: 32_000, commentChars: 6_000 };

/** The room for a caller that gives a token budget (about 3 characters a token, 1.5k characters kept for the
 * ticket's fields); the default without one. Never below 2,000 characters: less would say nothing useful. */
export function limitsForBudget(tokenBudget: number | undefined): TrimLimits {
  if (!tokenBudget || tokenBudget <= 0) return DEFAULT_LIMITS;
  const totalChars = Math.max(2_000, Math.min(DEFAULT_LIMITS.totalChars, Math.floor(tokenBudget * 3) - 1_500));
  return { totalChars, commentChars: Math.min(DEFAULT_LIMITS.commentChars, Math.floor(totalChars / 2)) };
}

export interface TrimmedConversation {
  /** The text of the kept entries, in order, with a marker where entries were left out. */
  blocks: string[];
  /** Positions left out (1-based). */
  omitted: number[];
  /** Positions whose text was shortened. */
  shortened: number[];
}

/** `fence` wraps each comment's text once it is shortened, so a cut never takes the end of its fence with it. */
export function trimConversation(
  entries: readonly ConversationEntry[],
  limits: TrimLimits = DEFAULT_LIMITS,
  fence: (text: string) => string = (t) => t,
): TrimmedConversation {
  const shortened: number[] = [];
  const blocks = entries.map((e) => {
    let text = e.text;
    let cutNote = '';
    if (text.length > limits.commentChars) {
      // The note is the tool's words: after the fence, not inside it.
      cutNote = `\n[… ${text.length - limits.commentChars} more characters of this comment cut]`;
      text = text.slice(0, limits.commentChars).trimEnd();
      shortened.push(e.index);
    }
    return `${e.header}\n${fence(text)}${cutNote}`;
  });
  const size = (b: string) => b.length + 2; // the blank line between blocks
  const total = blocks.reduce((n, b) => n + size(b), 0);
  if (total <= limits.totalChars || blocks.length <= 1) return { blocks, omitted: [], shortened };

  // Keep the first, then add from the newest backwards while they fit (the marker's size reserved).
  const reserve = 120;
  let used = size(blocks[0] as string) + reserve;
  let from = blocks.length;
  while (from > 1 && used + size(blocks[from - 1] as string) <= limits.totalChars) {
    used += size(blocks[from - 1] as string);
    from--;
  }
  // Always show the latest comment, even when it alone is over budget: it is what the model is usually asked about.
  if (from === blocks.length) from = blocks.length - 1;
  const omittedEntries = entries.slice(1, from);
  const omitted = omittedEntries.map((e) => e.index);
  const kept = [blocks[0] as string];
  if (omitted.length) {
    const first = omitted[0] as number;
    const last = omitted[omitted.length - 1] as number;
    const range = first === last ? `comment #${first}` : `comments #${first}–#${last}`;
    kept.push(
      `[… ${range} (${omitted.length} of ${entries.length}) left out to fit; the first and the latest comments are shown]`,
    );
  }
  kept.push(...blocks.slice(from));
  return {
    blocks: kept,
    omitted,
    shortened: shortened.filter((i) => i === entries[0]?.index || i >= (entries[from]?.index ?? Infinity)),
  };
}

/** One sentence on what was cut, for the top of the result; undefined when nothing was. */
export function trimmingNote(t: TrimmedConversation, total: number): string | undefined {
  const parts: string[] = [];
  if (t.omitted.length) parts.push(`${t.omitted.length} of ${total} comments left out`);
  if (t.shortened.length) {
    parts.push(
      `${t.shortened.length} long comment${t.shortened.length > 1 ? 's' : ''} shortened (${t.shortened.map((i) => `#${i}`).join(', ')})`,
    );
  }
  return parts.length ? `Trimmed to fit: ${parts.join('; ')}. The full conversation is in Zendesk.` : undefined;
}
