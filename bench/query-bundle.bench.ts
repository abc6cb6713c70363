/**
 * The SOQL console's editor stays out of the initial renderer bundle: builds the renderer (Vite,
 * the project's vite.config.ts, into a temporary folder) and prints the JavaScript index.html loads
 * before anything is clicked — its entry script and the chunks it preloads — against the size
 * measured on the build before the Query page existed, and where CodeMirror went.
 *
 *   npx tsx bench/query-bundle.bench.ts
 *
 * Which chunk holds what comes from the build's source maps (the minified code names no package).
 * Targets: no chunk of the initial set contains CodeMirror, Lezer or any module of the Query page
 * (features/query/, the SOQL word list): the sidebar entry, the route and the lazy import are all
 * the page adds to the first download. The growth over the baseline is printed too, for the record;
 * it is not a target, since every screen merged after the baseline adds to it as well. Exit status:
 * 0 met, 2 missed, anything else failed to run.
 */
import { readdirSync, readFileSync, rmSync, statSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'vite';
import { PROJECT_ROOT } from '../src/main/web/build-renderer';
import { formatCount } from './bench-options';

/**
 * The initial JavaScript of the renderer before the Query page (main at 29b3211, measured with this
 * script): the entry chunk and the chunks index.html preloads.
 */
const BASELINE_INITIAL_BYTES = 700_822;
const BASELINE_INITIAL_GZIP_BYTES = 207_876;
/** Source paths of the editor, loaded only when the Query page opens. */
const EDITOR_SOURCES = [/node_modules\/@codemirror\//, /node_modules\/@lezer\//, /features\/query\/soql-editor/];
/** Source paths of the Query page itself: none may be in the initial set either. */
const QUERY_PAGE_SOURCES = [/features\/query\//, /shared\/soql-words/];

interface Chunk {
  file: string;
  bytes: number;
  gzipBytes: number;
  sources: string[];
}

function readChunk(dir: string, file: string): Chunk {
  const path = join(dir, file);
  const code = readFileSync(path);
  let sources: string[] = [];
  try {
    sources = (JSON.parse(readFileSync(`${path}.map`, 'utf8')) as { sources: string[] }).sources;
  } catch {
    // A chunk without a map: nothing known of its sources.
  }
  return { file, bytes: statSync(path).size, gzipBytes: gzipSync(code).length, sources };
}

/** The scripts index.html runs and the module chunks it preloads: what the first paint downloads. */
function initialFiles(html: string): string[] {
  const files = new Set<string>();
  for (const match of html.matchAll(/<script[^>]*\ssrc="\.?\/?([^"]+\.js)"/g)) files.add(match[1]);
  for (const match of html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="\.?\/?([^"]+\.js)"/g)) files.add(match[1]);
  return [...files];
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const holdsEditor = (chunk: Chunk) => chunk.sources.some((source) => EDITOR_SOURCES.some((pattern) => pattern.test(source)));
const queryPageSources = (chunk: Chunk) => chunk.sources.filter((source) => QUERY_PAGE_SOURCES.some((pattern) => pattern.test(source)));

async function main(): Promise<void> {
  const outDir = mkdtempSync(join(tmpdir(), 'atom-query-bundle-'));
  try {
    await build({ configFile: join(PROJECT_ROOT, 'vite.config.ts'), logLevel: 'warn', mode: 'production', build: { outDir, emptyOutDir: true } });
    const html = readFileSync(join(outDir, 'index.html'), 'utf8');
    const initial = initialFiles(html).map((file) => readChunk(outDir, file));
    const assets = join(outDir, 'assets');
    const all = readdirSync(assets)
      .filter((name) => name.endsWith('.js'))
      .map((name) => readChunk(outDir, `assets/${name}`));
    const initialBytes = initial.reduce((sum, c) => sum + c.bytes, 0);
    const initialGzip = initial.reduce((sum, c) => sum + c.gzipBytes, 0);
    const editorChunks = all.filter(holdsEditor);
    const editorInInitial = initial.filter(holdsEditor);

    console.log('Initial JavaScript (index.html’s entry script and preloaded chunks):');
    for (const chunk of initial) console.log(`  ${chunk.file.padEnd(44)} ${kb(chunk.bytes).padStart(10)}  (${kb(chunk.gzipBytes)} gzip)`);
    console.log(`  total ${formatCount(initialBytes)} bytes (${kb(initialBytes)}), ${kb(initialGzip)} gzip`);
    if (Number.isFinite(BASELINE_INITIAL_BYTES)) {
      const growth = initialBytes - BASELINE_INITIAL_BYTES;
      console.log(
        `Before the Query page: ${formatCount(BASELINE_INITIAL_BYTES)} bytes (${kb(BASELINE_INITIAL_BYTES)}), ${kb(BASELINE_INITIAL_GZIP_BYTES)} gzip`,
      );
      console.log(`Growth since: ${growth >= 0 ? '+' : ''}${formatCount(growth)} bytes (every screen merged since counts; not a target)`);
    }
    console.log('Chunks holding the editor (CodeMirror, Lezer, the SOQL editor), loaded when the Query page opens:');
    for (const chunk of editorChunks) console.log(`  ${chunk.file.padEnd(44)} ${kb(chunk.bytes).padStart(10)}  (${kb(chunk.gzipBytes)} gzip)`);

    const problems: string[] = [];
    if (editorChunks.length === 0) problems.push('no chunk holds the editor: the source maps are missing or the page is gone');
    if (editorInInitial.length > 0) problems.push(`the editor is in the initial set: ${editorInInitial.map((c) => c.file).join(', ')}`);
    const pageInInitial = initial.flatMap(queryPageSources);
    if (pageInInitial.length > 0) problems.push(`the Query page is in the initial set: ${pageInInitial.join(', ')}`);
    if (!all.some((chunk) => queryPageSources(chunk).length > 0))
      problems.push('no chunk holds the Query page: the source maps are missing or the page is gone');
    for (const problem of problems) console.log(`MISSED: ${problem}`);
    if (problems.length === 0) console.log('Met: the Query page and its editor load only when the page opens.');
    process.exitCode = problems.length > 0 ? 2 : 0;
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
