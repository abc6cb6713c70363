/**
 * Runs Doyensec's Electronegativity over src/ and fails on HIGH or MEDIUM findings that have not
 * been reviewed. Electronegativity itself always exits 0 and its -s/-c filters do not apply to
 * the -o output, so this script parses the CSV it writes.
 *
 * Reviewed findings are suppressed either inline, on the flagged line
 * (`/* eng-disable CHECK_ID *\/` next to a comment giving the reason), or — for files outside the
 * Electron adapter layer — in REVIEWED_FINDINGS below, each with its reason. A suppression that no
 * longer matches anything is reported, so the list cannot rot.
 *
 * Offline notes: the AvailableSecurityFixesGlobalCheck downloads Electron's release index, so it
 * is excluded (`-x` takes the check's *class* name; the SCREAMING_CASE id is rejected as
 * "misspelt"). The "Could not retrieve updated translations" lines are the tool failing to reach
 * its locale server, and are harmless. The Electron version is passed with -e because the scan
 * root (src/) has no package.json to read it from.
 *
 * A canary with `nodeIntegration: true` is scanned alongside; if it is not flagged the tool is
 * not working and the check fails (checklist N1).
 *
 * Usage: npx tsx scripts/check-electronegativity.ts [--keep-report <file.csv>]
 */
import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Pinned in devDependencies (package.json) and run from node_modules: no download at check time. */
export const ELECTRONEGATIVITY = '@doyensec/electronegativity';
const EXCLUDED_CHECKS = ['AvailableSecurityFixesGlobalCheck'];
// Fail closed: only severities known to be minor pass; HIGH, MEDIUM and anything unreadable block.
const NON_BLOCKING_SEVERITIES = new Set(['LOW', 'INFORMATIONAL']);
const COLUMNS = ['issue', 'severity', 'confidence', 'filename', 'location', 'sample', 'description', 'url'] as const;

export interface Finding {
  issue: string;
  severity: string;
  confidence: string;
  filename: string;
  location: string;
  sample: string;
  description: string;
  url: string;
}

export interface ReviewedFinding {
  issue: string;
  /** Path relative to src/, as Electronegativity reports it with -r. */
  filename: string;
  /** A substring of the flagged source line. */
  sample: string;
  reason: string;
}

/** Findings in files outside this layer, reviewed here rather than annotated in someone else's code. */
export const REVIEWED_FINDINGS: ReviewedFinding[] = [
  {
    issue: 'OPEN_EXTERNAL_JS_CHECK',
    filename: 'main/core/connections/connections.service.ts',
    sample: 'deps.openExternal(authorizeUrl',
    reason:
      'Not shell.openExternal: the core calls the host-supplied opener, which in the desktop app is ' +
      "src/main/adapters/shell-gate.ts (https login / My Domain / Lightning hosts, and the Demo org's own " +
      'loopback origin for a Demo login only; table-tested).',
  },
];

/** RFC 4180-ish CSV: quoted fields may contain commas, doubled quotes and newlines. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i];
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (char === '"') {
        quoted = false;
      } else {
        field += char;
      }
    } else if (char === '"') {
      quoted = true;
    } else if (char === ',') {
      row.push(field);
      field = '';
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && text[i + 1] === '\n') i += 1;
      row.push(field);
      if (row.some((cell) => cell.trim() !== '')) rows.push(row);
      row = [];
      field = '';
    } else {
      field += char;
    }
  }
  row.push(field);
  if (row.some((cell) => cell.trim() !== '')) rows.push(row);
  return rows;
}

export function parseFindings(csv: string): Finding[] {
  const [header, ...rows] = parseCsv(csv);
  if (!header) return [];
  const columns = header.map((name) => name.trim().toLowerCase());
  if (COLUMNS.some((name, index) => columns[index] !== name)) {
    throw new Error(`Unexpected Electronegativity CSV header: ${header.join(',')}`);
  }
  return rows.map(toFinding);
}

/**
 * A row can be shorter than the header (a sample cut off by the tool, a truncated file): the
 * missing cells read as empty rather than crashing, and a finding without a readable severity is
 * marked UNKNOWN, which `judge` treats as blocking so a damaged report cannot pass silently.
 */
function toFinding(cells: string[]): Finding {
  const [issue, severity, confidence, filename, location, sample, description, url] = COLUMNS.map((_, index) => (cells[index] ?? '').trim());
  return {
    issue,
    severity: severity === '' ? 'UNKNOWN' : severity.toUpperCase(),
    confidence,
    filename: filename.split(path.sep).join('/'),
    location,
    sample,
    description,
    url,
  };
}

export interface Verdict {
  blocking: Finding[];
  reviewed: Array<{ finding: Finding; reason: string }>;
  informational: Finding[];
  unusedReviews: ReviewedFinding[];
}

export function judge(findings: Finding[], reviews: ReviewedFinding[] = REVIEWED_FINDINGS): Verdict {
  const used = new Set<ReviewedFinding>();
  const verdict: Verdict = { blocking: [], reviewed: [], informational: [], unusedReviews: [] };
  for (const finding of findings) {
    if (NON_BLOCKING_SEVERITIES.has(finding.severity)) {
      verdict.informational.push(finding);
      continue;
    }
    const review = reviews.find((r) => r.issue === finding.issue && r.filename === finding.filename && finding.sample.includes(r.sample));
    if (review) {
      used.add(review);
      verdict.reviewed.push({ finding, reason: review.reason });
    } else {
      verdict.blocking.push(finding);
    }
  }
  verdict.unusedReviews = reviews.filter((review) => !used.has(review));
  return verdict;
}

function run(command: string, args: string[], cwd: string): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], shell: process.platform === 'win32' });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code: code ?? 1, output }));
  });
}

async function scan(root: string, input: string, csvFile: string, electronVersion: string): Promise<Finding[]> {
  const args = ['--no-install', 'electronegativity', '-i', input, '-r', '-o', csvFile, '-x', EXCLUDED_CHECKS.join(','), '-e', electronVersion];
  const { code, output } = await run('npx', args, root);
  let csv: string;
  try {
    csv = readFileSync(csvFile, 'utf8');
  } catch {
    throw new Error(`Electronegativity produced no report (exit ${code}). Output:\n${output}`);
  }
  return parseFindings(csv);
}

const CANARY = `import { BrowserWindow } from 'electron';
export const canary = () => new BrowserWindow({ webPreferences: { nodeIntegration: true, contextIsolation: false } });
`;

async function main(): Promise<number> {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const electronVersion = JSON.parse(readFileSync(path.join(root, 'node_modules', 'electron', 'package.json'), 'utf8')).version as string;
  const work = mkdtempSync(path.join(os.tmpdir(), 'atom-eng-'));
  try {
    const canaryDir = path.join(work, 'canary');
    const canaryCsv = path.join(work, 'canary.csv');
    const reportCsv = path.join(work, 'report.csv');
    mkdirSync(canaryDir);
    writeFileSync(path.join(canaryDir, 'canary.ts'), CANARY);

    const [canaryFindings, findings] = await Promise.all([
      scan(root, canaryDir, canaryCsv, electronVersion),
      scan(root, path.join(root, 'src'), reportCsv, electronVersion),
    ]);
    const keep = process.argv.indexOf('--keep-report');
    if (keep !== -1 && process.argv[keep + 1]) copyFileSync(reportCsv, path.resolve(process.argv[keep + 1]));

    if (!canaryFindings.some((f) => f.issue === 'NODE_INTEGRATION_JS_CHECK')) {
      console.error('Electronegativity did not flag the nodeIntegration:true canary: the scan is not working.');
      return 2;
    }

    const verdict = judge(findings);
    const show = (f: Finding) => `${f.severity.padEnd(6)} ${f.issue} ${f.filename}:${f.location}  ${f.sample.slice(0, 100)}`;
    const version = (JSON.parse(readFileSync(path.join(root, 'node_modules', ELECTRONEGATIVITY, 'package.json'), 'utf8')) as { version: string }).version;
    console.log(`Electronegativity ${version} on src/ (Electron ${electronVersion}): ${findings.length} finding(s)`);
    for (const { finding, reason } of verdict.reviewed) console.log(`  reviewed  ${show(finding)}\n            ${reason}`);
    for (const finding of verdict.informational) console.log(`  info      ${show(finding)}\n            ${finding.description}`);
    for (const review of verdict.unusedReviews) console.warn(`  stale review (matches nothing now): ${review.issue} ${review.filename} "${review.sample}"`);
    if (verdict.blocking.length > 0) {
      console.error(`\n${verdict.blocking.length} unreviewed HIGH/MEDIUM (or unreadable) finding(s):`);
      for (const finding of verdict.blocking) console.error(`  ${show(finding)}\n    ${finding.description} — ${finding.url}`);
      console.error('\nFix them, or suppress a reviewed one inline (/* eng-disable CHECK_ID */ plus the reason) or in REVIEWED_FINDINGS.');
      return 1;
    }
    console.log('No unreviewed HIGH/MEDIUM findings.');
    return 0;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}
