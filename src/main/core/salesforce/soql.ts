/**
 * SOQL text building. Nothing typed by the user reaches a live query any more (lists and search
 * read the local cache); record Ids are the one value still pasted into SOQL, and only through here.
 */

/** Record Ids are validated by the contract; this re-checks before they are pasted into a query. */
export function soqlId(id: string): string {
  if (!/^[a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?$/.test(id)) throw new Error('Not a Salesforce record Id');
  return `'${id}'`;
}
