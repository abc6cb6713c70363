/**
 * A user's text inside an SQLite LIKE pattern, its wildcards (% and _) and the escape character
 * taken literally: the pattern goes with `ESCAPE '\'`.
 */

/** The text with LIKE's wildcards and the backslash escaped. */
export function likeEscape(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** A pattern matching any value that contains the text. */
export function likePattern(search: string): string {
  return `%${likeEscape(search)}%`;
}
