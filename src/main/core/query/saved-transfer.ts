/**
 * Saved queries as a JSON document, to move them to another machine or share them: what
 * `query:saved-export` writes and `query:saved-import` reads back. The import is checked with a
 * zod schema (the contract's rules for names, folders and SOQL) before anything is written, and
 * names the first thing wrong in words; a query with the same folder and name is updated.
 */
import { z } from 'zod';
import { AppError } from '../../../shared/errors';
import { SAVED_DESCRIPTION_MAX, SAVED_FOLDER_MAX, SAVED_NAME_MAX, Soql, type SavedQuery } from '../../../shared/ipc/query.contract';
import type { SavedQueryInput } from './saved-queries.repo';
import { soqlProblem } from './soql-guard';

const SAVED_QUERIES_FORMAT = 'atom-saved-queries';
const SAVED_QUERIES_VERSION = 1;
/** More than this in one document is refused (the contract caps the text at 5 MB too). */
const IMPORT_MAX_QUERIES = 5_000;

const ImportedQuery = z
  .object({
    name: z.string().trim().min(1, 'a query has no name').max(SAVED_NAME_MAX, `a name is longer than ${SAVED_NAME_MAX} characters`),
    folder: z.string().trim().max(SAVED_FOLDER_MAX, `a folder name is longer than ${SAVED_FOLDER_MAX} characters`).default(''),
    description: z
      .string()
      .trim()
      .max(SAVED_DESCRIPTION_MAX, `a description is longer than ${SAVED_DESCRIPTION_MAX.toLocaleString('en-US')} characters`)
      .default(''),
    soql: Soql,
  })
  .strip();

const ImportDocument = z.object({
  format: z.literal(SAVED_QUERIES_FORMAT, { message: 'this is not a saved queries file' }),
  version: z.literal(SAVED_QUERIES_VERSION, { message: 'this file was made by a newer version of the app' }),
  queries: z.array(ImportedQuery).max(IMPORT_MAX_QUERIES, `a file holds at most ${IMPORT_MAX_QUERIES.toLocaleString('en-US')} queries`),
});

export function exportDocument(queries: readonly SavedQuery[], meta: { org: string; at: Date }): { fileName: string; json: string; count: number } {
  const doc = {
    format: SAVED_QUERIES_FORMAT,
    version: SAVED_QUERIES_VERSION,
    exportedAt: meta.at.toISOString(),
    org: meta.org,
    queries: queries.map((q) => ({ name: q.name, folder: q.folder, description: q.description, soql: q.soql })),
  };
  return { fileName: `saved-queries-${meta.at.toISOString().slice(0, 10)}.json`, json: `${JSON.stringify(doc, null, 2)}\n`, count: queries.length };
}

function invalid(message: string): never {
  throw new AppError('INVALID_INPUT', `The file can't be imported: ${message}.`, ['json']);
}

/** The queries of a document, checked; INVALID_INPUT naming the first problem (and which query). */
export function importDocument(json: string): Array<Omit<SavedQueryInput, 'id'>> {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    invalid('it is not JSON');
  }
  const parsed = ImportDocument.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const index = issue.path[0] === 'queries' && typeof issue.path[1] === 'number' ? issue.path[1] : null;
    invalid(index === null ? issue.message : `query ${index + 1}: ${issue.message}`);
  }
  const seen = new Set<string>();
  return parsed.data.queries.map((q, i) => {
    const problem = soqlProblem(q.soql);
    if (problem) invalid(`query ${i + 1} ("${q.name}"): ${problem.message}`);
    const key = `${q.folder}\u0000${q.name}`;
    if (seen.has(key)) invalid(`query ${i + 1}: "${q.name}" appears twice in ${q.folder ? `the folder "${q.folder}"` : 'the file'}`);
    seen.add(key);
    return q;
  });
}
