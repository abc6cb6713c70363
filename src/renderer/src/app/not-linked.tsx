/**
 * What a browser tab opened without the launch link shows instead of the app: every call it made
 * would be refused (it has no bridge secret), which used to leave a blank page and a Connections
 * screen loading for ever. The link's secret lives in the tab that opened it (sessionStorage), so
 * a new tab or a copied address needs the link again. (Its calls say the same: bridge-client.ts.)
 */
import { AtomMark } from '../components/icons';

export function NotLinkedPage() {
  return (
    <main className="not-linked" data-testid="not-linked">
      <div className="card not-linked-card">
        <AtomMark />
        <h1 tabIndex={-1}>This tab isn’t linked to Atom</h1>
        <p>
          Open the link that <code>npm run web</code> printed in your terminal.
        </p>
        <p className="not-linked-detail">
          The link works in the tab that opened it. A new tab, a bookmark or a copied address doesn’t carry it: go back to that tab, or open the link from the
          terminal again (it stays the same while <code>npm run web</code> runs).
        </p>
      </div>
    </main>
  );
}
