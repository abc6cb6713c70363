/**
 * The SOQL editor: CodeMirror 6 with SQL's grammar and SOQL's keywords, suggestions from the org's
 * describe (soql-complete.ts), the core's syntax check as an inline diagnostic, Ctrl/⌘+Enter to
 * run. Loaded only with the Query page (a chunk of its own: bench/query-bundle.bench.ts).
 *
 * The app's Content-Security-Policy allows no inline styles, and CodeMirror writes its styles at
 * run time. Mounted in a shadow root, its style modules go into a constructed stylesheet
 * (`adoptedStyleSheets`), which style-src does not govern; everything else it styles through the
 * CSSOM. The theme reads the app's CSS variables, which cross the shadow boundary, so it follows
 * the light and dark themes by itself.
 */
import { autocompletion, closeBrackets, closeBracketsKeymap, completionKeymap, insertCompletionText, startCompletion } from '@codemirror/autocomplete';
import type { Completion, CompletionContext, CompletionResult } from '@codemirror/autocomplete';
import { defaultKeymap, history, historyKeymap } from '@codemirror/commands';
import { bracketMatching, HighlightStyle, LanguageSupport, syntaxHighlighting } from '@codemirror/language';
import { SQLDialect } from '@codemirror/lang-sql';
import { setDiagnostics, type Diagnostic } from '@codemirror/lint';
import { EditorState, Prec, type Text } from '@codemirror/state';
import { drawSelection, EditorView, highlightActiveLine, highlightActiveLineGutter, keymap, lineNumbers, placeholder } from '@codemirror/view';
import { tags } from '@lezer/highlight';
import { useEffect, useRef } from 'react';
import type { SoqlProblem } from '../../../../shared/ipc';
import { EditorEchoes } from './editor-echoes';
import { completeSoql, type OptionType, type SchemaLookup, type SchemaNeed, type SoqlOption } from './soql-complete';
import { AGGREGATE_FUNCTIONS, DATE_FUNCTIONS, DATE_LITERALS, SOQL_KEYWORDS, VALUE_FUNCTIONS } from '../../../../shared/soql-words';

/** The describes the suggestions read, and how to load the ones missing. */
export interface SchemaSource {
  lookup: SchemaLookup;
  load(needs: SchemaNeed[]): Promise<void>;
}

export interface SoqlEditorProps {
  value: string;
  onChange(value: string): void;
  onRun(): void;
  /** The core's check of `value` (null: it parses). */
  problem: SoqlProblem | null;
  schema: SchemaSource;
  label: string;
}

const SOQL = SQLDialect.define({
  keywords: SOQL_KEYWORDS.join(' '),
  builtin: [...AGGREGATE_FUNCTIONS, ...DATE_FUNCTIONS, ...VALUE_FUNCTIONS, ...DATE_LITERALS.map((d) => d.name)].map((w) => w.toLowerCase()).join(' '),
  types: '',
  backslashEscapes: true,
  operatorChars: '=<>!',
});

const HIGHLIGHT = HighlightStyle.define([
  { tag: tags.keyword, color: 'var(--accent-text)', fontWeight: '600' },
  { tag: [tags.string, tags.special(tags.string)], color: 'var(--ok)' },
  { tag: [tags.number, tags.bool, tags.null], color: 'var(--warn)' },
  { tag: tags.standard(tags.name), color: 'var(--accent-text)', fontStyle: 'italic' },
  { tag: [tags.lineComment, tags.blockComment], color: 'var(--muted)' },
  { tag: tags.operator, color: 'var(--text-2)' },
]);

const THEME = EditorView.theme({
  '&': {
    backgroundColor: 'var(--surface)',
    color: 'var(--text)',
    border: '1px solid var(--border-strong)',
    borderRadius: 'var(--radius-sm)',
    fontSize: '13.5px',
  },
  '&.cm-focused': { outline: '2px solid var(--focus)', outlineOffset: '1px' },
  '.cm-scroller': { fontFamily: 'var(--mono)', lineHeight: '1.6', minHeight: '132px', maxHeight: '300px', overflow: 'auto' },
  '.cm-content': { caretColor: 'var(--text)', padding: '8px 0' },
  '.cm-cursor, .cm-dropCursor': { borderLeftColor: 'var(--text)' },
  '&.cm-focused > .cm-scroller > .cm-selectionLayer .cm-selectionBackground, .cm-selectionBackground, ::selection': {
    backgroundColor: 'var(--accent-soft)',
  },
  '.cm-gutters': {
    backgroundColor: 'var(--surface-2)',
    color: 'var(--muted)',
    borderRight: '1px solid var(--border)',
    borderRadius: 'var(--radius-sm) 0 0 var(--radius-sm)',
  },
  '.cm-activeLine': { backgroundColor: 'var(--surface-hover)' },
  '.cm-activeLineGutter': { backgroundColor: 'var(--surface-hover)', color: 'var(--text-2)' },
  '.cm-placeholder': { color: 'var(--muted)' },
  '.cm-matchingBracket, &.cm-focused .cm-matchingBracket': { backgroundColor: 'var(--accent-soft)', outline: '1px solid var(--border-strong)' },
  '.cm-tooltip': {
    backgroundColor: 'var(--surface)',
    color: 'var(--text)',
    border: '1px solid var(--border-strong)',
    borderRadius: 'var(--radius-sm)',
    boxShadow: 'var(--shadow-lg)',
  },
  '.cm-tooltip.cm-tooltip-autocomplete > ul': { fontFamily: 'var(--mono)', maxHeight: '16em', minWidth: '260px' },
  '.cm-tooltip.cm-tooltip-autocomplete > ul > li': { padding: '3px 8px', lineHeight: '1.5' },
  '.cm-tooltip.cm-tooltip-autocomplete > ul > li[aria-selected]': { backgroundColor: 'var(--accent-fill)', color: '#ffffff' },
  '.cm-completionDetail': { color: 'var(--muted)', fontStyle: 'normal', marginLeft: '0.8em', fontFamily: 'var(--font)' },
  '.cm-tooltip-autocomplete > ul > li[aria-selected] .cm-completionDetail': { color: '#ffffff' },
  '.cm-completionMatchedText': { textDecoration: 'none', fontWeight: '700' },
  '.cm-diagnostic': { padding: '6px 10px', fontFamily: 'var(--font)' },
  '.cm-diagnostic-error': { borderLeft: '4px solid var(--danger)' },
});

const CM_TYPES: Record<OptionType, string> = {
  keyword: 'keyword',
  object: 'class',
  field: 'property',
  relationship: 'namespace',
  function: 'function',
  literal: 'constant',
  value: 'enum',
};

/** `tail`: characters after the cursor the completion also replaces (a string's closing quote). */
function toCompletion(option: SoqlOption, tail: number): Completion {
  const text = option.apply ?? option.label;
  return {
    label: option.label,
    detail: option.detail,
    type: CM_TYPES[option.type],
    // Keywords below fields and objects; a relationship just after its Id field.
    boost: option.type === 'keyword' ? -10 : option.type === 'relationship' ? -1 : 0,
    apply: (view, _completion, from, to) => {
      view.dispatch(insertCompletionText(view.state, text, from, Math.min(view.state.doc.length, to + tail)));
      if (option.reopen) startCompletion(view);
    },
  };
}

/** Opens by itself on a word being typed, after a dot or inside a quote; Ctrl+Space anywhere. */
function soqlSource(schema: SchemaSource) {
  return async (context: CompletionContext): Promise<CompletionResult | null> => {
    const text = context.state.doc.toString();
    let result = completeSoql(text, context.pos, schema.lookup);
    const typed = result.from < context.pos || text[context.pos - 1] === '.';
    if (!context.explicit && !typed) {
      // Nothing typed yet (a space after FROM): fetch what the next word will need, answer nothing now.
      if (result.missing.length > 0) void schema.load(result.missing);
      return null;
    }
    for (let round = 0; round < 4 && result.missing.length > 0; round++) {
      await schema.load(result.missing);
      if (context.aborted) return null;
      result = completeSoql(text, context.pos, schema.lookup);
    }
    if (result.options.length === 0) return null;
    const inString = text[result.from] === "'";
    // The list is filtered by the text up to the cursor; a closing quote after it is replaced on apply.
    const tail = result.to - context.pos;
    return {
      from: result.from,
      options: result.options.map((option) => toCompletion(option, tail)),
      validFor: inString ? /^'[^']*$/ : /^[A-Za-z0-9_:]*$/,
    };
  };
}

/** The diagnostic for the core's problem, at its line and column (1-based), or at the end. */
function diagnosticsOf(doc: Text, problem: SoqlProblem | null): Diagnostic[] {
  if (!problem) return [];
  let from = doc.length;
  if (problem.line !== null && problem.line >= 1 && problem.line <= doc.lines) {
    const line = doc.line(problem.line);
    from = Math.min(line.to, line.from + Math.max(0, (problem.column ?? 1) - 1));
  }
  const wordEnd = /^[\w.:]+/.exec(doc.sliceString(from, Math.min(doc.length, from + 80)))?.[0].length ?? 1;
  const to = Math.min(doc.length, from + wordEnd);
  return [{ from: Math.min(from, Math.max(0, to - 1)), to, severity: 'error', message: problem.message }];
}

/**
 * Typing over a selection, done by CodeMirror instead of the browser. Left to contenteditable,
 * Chromium deletes the selected text and then tries to keep its look on the typed character with
 * a style attribute, which the CSP refuses: a console error on every Ctrl+A-and-type (CodeMirror
 * repairs the text afterwards). Here the key becomes a transaction, offered first to the input
 * handlers (closeBrackets wraps a selection in the bracket typed), as CodeMirror's own input does.
 * Composition (IME) input is left alone.
 */
const TYPE_OVER_SELECTION = EditorView.domEventHandlers({
  beforeinput(event, view) {
    const text = event.data;
    if (event.inputType !== 'insertText' || !text || view.composing || view.state.selection.main.empty) return false;
    event.preventDefault();
    const { from, to } = view.state.selection.main;
    const insert = () => view.state.update(view.state.replaceSelection(text), { userEvent: 'input.type', scrollIntoView: true });
    if (!view.state.facet(EditorView.inputHandler).some((handler) => handler(view, from, to, text, insert))) view.dispatch(insert());
    return true;
  },
});

export function SoqlEditor({ value, onChange, onRun, problem, schema, label }: SoqlEditorProps) {
  const hostRef = useRef<HTMLDivElement>(null);
  const viewRef = useRef<EditorView | null>(null);
  const latest = useRef({ onChange, onRun, schema });
  latest.current = { onChange, onRun, schema };
  const echoes = useRef(new EditorEchoes());

  useEffect(() => {
    const host = hostRef.current;
    if (!host) return;
    const shadow = host.shadowRoot ?? host.attachShadow({ mode: 'open' });
    const parent = document.createElement('div');
    shadow.append(parent);
    const view = new EditorView({
      parent,
      root: shadow,
      state: EditorState.create({
        doc: value,
        extensions: [
          Prec.highest(keymap.of([{ key: 'Mod-Enter', run: () => (latest.current.onRun(), true) }])),
          lineNumbers(),
          highlightActiveLine(),
          highlightActiveLineGutter(),
          drawSelection(),
          history(),
          bracketMatching(),
          closeBrackets(),
          new LanguageSupport(SOQL.language),
          syntaxHighlighting(HIGHLIGHT),
          autocompletion({
            override: [soqlSource({ lookup: latest.current.schema.lookup, load: (needs) => latest.current.schema.load(needs) })],
            // CodeMirror's icons are glyphs many system fonts lack; the detail says what each one is.
            icons: false,
          }),
          keymap.of([...closeBracketsKeymap, ...completionKeymap, ...historyKeymap, ...defaultKeymap]),
          EditorView.lineWrapping,
          placeholder('SELECT Id, Name FROM Account WHERE …'),
          EditorView.contentAttributes.of({ 'aria-label': label, spellcheck: 'false', autocapitalize: 'off', autocorrect: 'off' }),
          THEME,
          TYPE_OVER_SELECTION,
          EditorView.updateListener.of((update) => {
            if (!update.docChanged) return;
            const text = update.state.doc.toString();
            echoes.current.reportedText(text);
            latest.current.onChange(text);
          }),
        ],
      }),
    });
    viewRef.current = view;
    return () => {
      view.destroy();
      parent.remove();
      viewRef.current = null;
    };
    // The view is made once; `value` changes reach it through the effect below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [label]);

  // A query loaded from the history or saved queries, or formatted: replace the text (but not with
  // the editor's own text coming back a key late: see EditorEchoes).
  useEffect(() => {
    const view = viewRef.current;
    if (view && echoes.current.shouldReplace(value, view.state.doc.toString())) {
      view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: value }, selection: { anchor: value.length } });
    }
  }, [value]);

  useEffect(() => {
    const view = viewRef.current;
    if (view) view.dispatch(setDiagnostics(view.state, diagnosticsOf(view.state.doc, problem)));
  }, [problem, value]);

  return <div ref={hostRef} className="soql-editor-host" data-testid="soql-editor" />;
}

export default SoqlEditor;
