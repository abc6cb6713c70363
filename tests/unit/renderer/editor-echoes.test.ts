import { describe, expect, it } from 'vitest';
import { EditorEchoes } from '../../../src/renderer/src/features/query/editor-echoes';

describe('the SOQL editor and the page’s value', () => {
  it('a render one key behind the editor does not put the older text back', () => {
    const echoes = new EditorEchoes();
    echoes.reportedText('SELECT Id L');
    echoes.reportedText('SELECT Id ');
    // The render for the first report runs after the second key: the editor keeps its text.
    expect(echoes.shouldReplace('SELECT Id L', 'SELECT Id ')).toBe(false);
    expect(echoes.shouldReplace('SELECT Id ', 'SELECT Id ')).toBe(false);
  });

  it('renders that skip reports (batched) still catch up', () => {
    const echoes = new EditorEchoes();
    for (const text of ['S', 'SE', 'SEL']) echoes.reportedText(text);
    expect(echoes.shouldReplace('SEL', 'SEL')).toBe(false);
    // The earlier reports are gone: the page setting one of them now is the page's own text.
    expect(echoes.shouldReplace('SE', 'SEL')).toBe(true);
  });

  it('a text the page sets (loaded or formatted) replaces the editor’s', () => {
    const echoes = new EditorEchoes();
    echoes.reportedText('select id from account');
    expect(echoes.shouldReplace('select id from account', 'select id from account')).toBe(false);
    expect(echoes.shouldReplace('SELECT Id FROM Account', 'select id from account')).toBe(true);
    // And nothing happens when the page's text is already the editor's.
    expect(echoes.shouldReplace('SELECT Id FROM Account', 'SELECT Id FROM Account')).toBe(false);
  });

  it('the editor’s reports are bounded when the page does not render', () => {
    const echoes = new EditorEchoes();
    for (let i = 0; i < 1_000; i++) echoes.reportedText(`SELECT ${i}`);
    // The oldest were dropped: the page's value of one of them now counts as the page's.
    expect(echoes.shouldReplace('SELECT 0', 'SELECT 999')).toBe(true);
    expect(echoes.shouldReplace('SELECT 998', 'SELECT 999')).toBe(false);
  });
});
