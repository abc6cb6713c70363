/**
 * Tells the editor's own text, coming back from the page as its `value`, from a text the page
 * sets (a query loaded from the history or saved queries, or formatted).
 *
 * The page re-renders after each change the editor reports; on a slow machine the next key is
 * typed before that render's effect runs, so the `value` it brings is one key behind the editor.
 * Applying it would put back the older text and lose the key (CI lost a Backspace, and the "E" of
 * "SELECT", that way). A value the editor itself reported is therefore never applied; one it never
 * reported is the page's, and replaces the text.
 */
export class EditorEchoes {
  /** What the editor reported, oldest first, not yet seen back as `value`. */
  private reported: string[] = [];

  /** The editor's text changed to `text` and was reported to the page. */
  reportedText(text: string): void {
    this.reported.push(text);
    // Renders consume these as they come; a bound keeps a page that never renders from growing it.
    if (this.reported.length > 200) this.reported.shift();
  }

  /** Whether the page's `value` should replace the editor's text `doc`. */
  shouldReplace(value: string, doc: string): boolean {
    const index = this.reported.lastIndexOf(value);
    if (index >= 0) {
      // The page has caught up to this report: earlier ones will not come back.
      this.reported.splice(0, index + 1);
      return false;
    }
    return value !== doc;
  }
}
