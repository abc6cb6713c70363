/**
 * A record's links, for "Copy link": the desktop app's `com.atomforsalesforce.app:/record/<Id>`
 * (src/shared/deep-links.ts prints it; the OS hands it to the installed app, which opens the record
 * from its own copy) and, in browser mode, the same route at this page's address (`#/record/<Id>`,
 * which the router reads as the desktop app reads its link). Always the 18-character Id, the form
 * that survives tools that ignore case. A record created offline has only its temporary `local-…`
 * id until the outbox sends it: no link can name it yet.
 */
import { printRouteLink, printRouteTarget } from '../../../shared/deep-links';
import { checkRecordId } from '../../../shared/record-id';

export type RecordLinks = { ok: true; app: string; browser: string | null } | { ok: false; reason: string };

/** `pageAddress`: this page's address without its fragment in browser mode, null in the desktop app. */
export function recordLinks(id: string, pageAddress: string | null): RecordLinks {
  if (id.startsWith('local-')) {
    return { ok: false, reason: 'This record was created offline: it gets a link once it has been sent to Salesforce.' };
  }
  const checked = checkRecordId(id);
  if (!checked.ok) return { ok: false, reason: 'This record has no Salesforce Id to link to.' };
  const route = { kind: 'record', id: checked.id } as const;
  return { ok: true, app: printRouteLink(route), browser: pageAddress === null ? null : `${pageAddress}#${printRouteTarget(route)}` };
}
