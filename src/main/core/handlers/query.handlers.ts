import type { queryContract } from '../../../shared/ipc';
import type { CoreServices, HandlerMap } from './types';

export function queryHandlers({ query }: CoreServices): HandlerMap<keyof typeof queryContract> {
  const { console: soql, library, exports, saveExport } = query;
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
    'query:export-start': (input) => exports.start(input),
    'query:export-cancel': (input) => exports.cancel(input.exportId),
    'query:export-save': (input) => saveExport(input.exportId),
  };
}
