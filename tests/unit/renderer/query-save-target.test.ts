/**
 * What the Query page's "Save…" and "Edit" open: a new query, the loaded saved query updated with
 * the editor's text, or a saved query's details edited with its own text kept; and the loaded
 * saved query read back from the list (renamed since, or gone).
 */
import { describe, expect, it } from 'vitest';
import { editorSaveTarget, listEditTarget, loadedSavedQuery, saveModeOf } from '../../../src/renderer/src/features/query/save-target';
import type { SavedQuery } from '../../../src/shared/ipc';

const saved = (over: Partial<SavedQuery> = {}): SavedQuery => ({
  id: 'q1',
  name: 'Prospecting deals',
  folder: 'Pipeline checks',
  description: '',
  soql: "SELECT Id FROM Opportunity WHERE StageName = 'Prospecting'",
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  ...over,
});

describe('Save… under the editor', () => {
  it('saves a new query when none was loaded', () => {
    const target = editorSaveTarget('SELECT Id FROM Account', null);
    expect(target).toEqual({ soql: 'SELECT Id FROM Account', source: 'editor' });
    expect(saveModeOf(target)).toBe('new');
  });

  it('updates the loaded saved query with the editor’s text, not the stored one', () => {
    const loaded = saved();
    const edited = `${loaded.soql} ORDER BY Name`;
    const target = editorSaveTarget(edited, loaded);
    expect(target.existing).toBe(loaded);
    expect(target.soql).toBe(edited);
    expect(saveModeOf(target)).toBe('update');
  });

  it('is an edit of the details when the text is the stored one (spaces around it aside)', () => {
    const loaded = saved();
    expect(saveModeOf(editorSaveTarget(loaded.soql, loaded))).toBe('edit');
    expect(saveModeOf(editorSaveTarget(`  ${loaded.soql}\n`, loaded))).toBe('edit');
  });
});

describe('Edit on the list', () => {
  it('keeps the query’s own text', () => {
    const query = saved();
    const target = listEditTarget(query);
    expect(target).toEqual({ existing: query, soql: query.soql, source: 'list' });
    expect(saveModeOf(target)).toBe('edit');
  });
});

describe('the loaded saved query', () => {
  it('is read from the list as it is now', () => {
    const renamed = saved({ name: 'Early deals' });
    expect(loadedSavedQuery('q1', [saved({ id: 'q0' }), renamed])).toBe(renamed);
  });

  it('is none when nothing was loaded, the list is loading, or the query is gone', () => {
    expect(loadedSavedQuery(null, [saved()])).toBeNull();
    expect(loadedSavedQuery('q1', undefined)).toBeNull();
    expect(loadedSavedQuery('q1', [saved({ id: 'q2' })])).toBeNull();
  });
});
