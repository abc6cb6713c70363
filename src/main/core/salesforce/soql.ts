/**
 * SOQL text building. User text only ever enters a query through these functions; field names
 * and sort orders come from the contract's whitelists, never from the renderer.
 */

/** Escapes text for a single-quoted SOQL string literal (Salesforce's escape sequences). */
export function escapeSoqlString(text: string): string {
  return text.replace(/[\\'"\n\r\t\b\f]/g, (c) => {
    switch (c) {
      case '\\':
        return '\\\\';
      case "'":
        return "\\'";
      case '"':
        return '\\"';
      case '\n':
        return '\\n';
      case '\r':
        return '\\r';
      case '\t':
        return '\\t';
      case '\b':
        return '\\b';
      default:
        return '\\f';
    }
  });
}

/** A quoted SOQL string literal. */
export function soqlString(text: string): string {
  return `'${escapeSoqlString(text)}'`;
}

/**
 * A `LIKE` pattern matching `text` anywhere: the wildcards `%` and `_` typed by the user are
 * escaped so they match themselves.
 */
export function soqlContainsPattern(text: string): string {
  return `'%${escapeSoqlString(text).replace(/[%_]/g, (c) => `\\${c}`)}%'`;
}

/** A `LIKE` pattern for "starts with". */
export function soqlPrefixPattern(text: string): string {
  return `'${escapeSoqlString(text).replace(/[%_]/g, (c) => `\\${c}`)}%'`;
}

/** Record Ids are validated by the contract; this re-checks before they are pasted into a query. */
export function soqlId(id: string): string {
  if (!/^[a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?$/.test(id)) throw new Error('Not a Salesforce record Id');
  return `'${id}'`;
}
