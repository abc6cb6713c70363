import type { queryContract } from '../../../shared/ipc';
import type { CoreServices, HandlerMap } from './types';

export function queryHandlers({ query, outbox }: CoreServices): HandlerMap<keyof typeof queryContract> {
  const { console: soql, library, exports, saveExport } = query;
  /** The active org's connection id, or null when none is active (CoreServices gives it through the outbox's accessor). */
  const activeConnectionId = (): string | null => {
    try {
      return outbox.activeConnectionId();
    } catch {
      return null;
    }
  };
  return {
    'query:schema': (input) => soql.schema(input.object),
    'query:check': (input) => soql.check(input.soql),
    'query:estimate': (input) => soql.estimate(input),
    'query:run': (input) => soql.run(input),
    'query:explain': (input) => soql.explain(input.soql),
    'query:history': (input) => library.history(input),
    'query:history-clear': () => library.clearHistory(),
    'query:saved-list': (input) => library.savedList(input.search),
    'query:saved-save': (input) => library.save(input),
    'query:saved-delete': (input) => library.deleteSaved(input.id),
    'query:saved-export': () => library.exportSaved(),
    'query:saved-import': (input) => library.importSaved(input.json),
    // An export belongs to the org it was made for: handed over only while that org is active.
    // Bulk values are typed from the FROM object's schema, the one the editor completes from.
    'query:export-start': (input) =>
      exports.start({ ...input, owner: { connectionId: outbox.activeConnectionId(), activeConnectionId }, schema: (object) => soql.schema(object) }),
    'query:export-cancel': (input) => exports.cancel(input.exportId),
    'query:export-save': (input) => saveExport(input.exportId),
  };
}
