/**
 * Runs Doyensec's Electronegativity over src/ and fails on HIGH or MEDIUM findings that have not
 * been reviewed. The tool's CLI always exits 0 and its CSV report is written racily (see
 * electronegativity-results.ts), so this script calls the tool's programmatic API, pinned in
 * devDependencies, and validates the findings it returns.
 *
 * Reviewed findings are suppressed either inline, on the flagged line
 * (`/* eng-disable CHECK_ID *\/` next to a comment giving the reason), or — for files outside the
 * Electron adapter layer — in REVIEWED_FINDINGS below, each with its reason. A suppression that no
 * longer matches anything is reported, so the list cannot rot.
 *
 * Offline notes: the AvailableSecurityFixesGlobalCheck downloads Electron's release index, so it
 * is excluded (by the check's *class* name; an unknown name makes the tool print "misspelt" and
 * exit 1). The "Could not retrieve updated translations" line is the tool failing to reach its
 * locale server, and is harmless. The Electron version is passed as `electronVersionOverride`
 * (the name the runner reads; the `electronVersion` of the tool's README is ignored and the tool
 * then assumes Electron 0.1.0), because the scan root (src/) has no package.json to read it from.
 *
 * A canary with `nodeIntegration: true` is scanned alongside; if the check would not block it,
 * the tool (or this script) is not working and the check fails (checklist N1).
 *
 * Exit codes: 0 clean; 1 unreviewed HIGH/MEDIUM (or nodeIntegration) findings, a file the tool could not parse, or a
 * result it could not read; 2 the canary was not flagged.
 *
 * Usage: npx tsx scripts/check-electronegativity.ts [--keep-results <dir>]
 * (--keep-results writes the tool's raw results, src.json and canary.json, as the unit-test
 * fixtures in tests/fixtures/electronegativity were captured.)
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readResult, type Finding, type ScanResult } from './electronegativity-results';

export type { Finding, ScanResult } from './electronegativity-results';

/** Pinned in devDependencies (package.json) and loaded from node_modules: no download at check time. */
export const ELECTRONEGATIVITY = '@doyensec/electronegativity';
const EXCLUDED_CHECKS = ['AvailableSecurityFixesGlobalCheck'];
// Only severities known to be minor pass; the schema rejects any severity it does not know.
const NON_BLOCKING_SEVERITIES = new Set<string>(['LOW', 'INFORMATIONAL']);
// Checks whose every finding blocks until reviewed, whatever its severity: 1.10.3 rates an explicit
// `nodeIntegration: true` (and nodeIntegrationInWorker/InSubFrames: true, or a value it cannot
// resolve) INFORMATIONAL, and HIGH only when the option is left out where its default is on.
const ALWAYS_BLOCKING_CHECKS = new Set<string>(['NODE_INTEGRATION_JS_CHECK']);
const CANARY_CHECK = 'NODE_INTEGRATION_JS_CHECK';

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
    if (NON_BLOCKING_SEVERITIES.has(finding.severity) && !ALWAYS_BLOCKING_CHECKS.has(finding.issue)) {
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

/** The options of the tool's `run` this script sets (the names its runner reads, not its README's). */
export interface ToolOptions {
  input: string;
  isRelative: boolean;
  excludeFromScan: string[];
  electronVersionOverride: string;
}

/** The tool's programmatic entry point; resolves to `{ issues, errors, ... }` when given no `output`. */
export type RunTool = (options: ToolOptions) => Promise<unknown>;

export interface ScanOutput {
  raw: unknown;
  result: ScanResult;
}

/** No `output` option: the tool then writes no report file and hands the findings back. */
export async function scan(runTool: RunTool, input: string, electronVersion: string): Promise<ScanOutput> {
  const raw = await runTool({ input, isRelative: true, excludeFromScan: [...EXCLUDED_CHECKS], electronVersionOverride: electronVersion });
  return { raw, result: readResult(raw) };
}

export interface Scans {
  toolVersion: string;
  electronVersion: string;
  canary: ScanResult;
  src: ScanResult;
}

type Log = Pick<Console, 'log' | 'warn' | 'error'>;

/** Prints the verdict and returns the exit code. */
export function report(scans: Scans, reviews: ReviewedFinding[] = REVIEWED_FINDINGS, log: Log = console): number {
  // Blocked, not merely listed: the canary proves the tool and this script's judgement together.
  if (!judge(scans.canary.findings, []).blocking.some((f) => f.issue === CANARY_CHECK)) {
    log.error(`The nodeIntegration:true canary was not flagged as blocking: the scan is not working.`);
    return 2;
  }
  const { findings, unscanned, warnings } = scans.src;
  const verdict = judge(findings, reviews);
  const show = (f: Finding) => `${f.severity.padEnd(6)} ${f.issue} ${f.filename}:${f.location}  ${f.sample.slice(0, 100)}`;
  log.log(`Electronegativity ${scans.toolVersion} on src/ (Electron ${scans.electronVersion}): ${findings.length} finding(s)`);
  for (const { finding, reason } of verdict.reviewed) log.log(`  reviewed  ${show(finding)}\n            ${reason}`);
  for (const finding of verdict.informational) log.log(`  info      ${show(finding)}\n            ${finding.description}`);
  for (const warning of warnings) log.warn(`  parsed with a warning: ${warning.file}: ${warning.message}`);
  for (const review of verdict.unusedReviews) log.warn(`  stale review (matches nothing now): ${review.issue} ${review.filename} "${review.sample}"`);
  let code = 0;
  if (unscanned.length > 0) {
    log.error(`\n${unscanned.length} file(s) Electronegativity could not parse, so did not check:`);
    for (const file of unscanned) log.error(`  ${file.file}: ${file.message}`);
    code = 1;
  }
  if (verdict.blocking.length > 0) {
    log.error(`\n${verdict.blocking.length} unreviewed HIGH/MEDIUM (or nodeIntegration) finding(s):`);
    for (const finding of verdict.blocking) log.error(`  ${show(finding)}\n    ${finding.description} — ${finding.url}`);
    log.error('\nFix them, or suppress a reviewed one inline (/* eng-disable CHECK_ID */ plus the reason) or in REVIEWED_FINDINGS.');
    code = 1;
  }
  if (code === 0) log.log('No unreviewed HIGH/MEDIUM findings.');
  return code;
}

const CANARY = `import { BrowserWindow } from 'electron';
export const canary = () => new BrowserWindow({ webPreferences: { nodeIntegration: true, contextIsolation: false } });
`;

function readVersion(root: string, pkg: string): string {
  return (JSON.parse(readFileSync(path.join(root, 'node_modules', pkg, 'package.json'), 'utf8')) as { version: string }).version;
}

async function main(): Promise<number> {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const electronVersion = readVersion(root, 'electron');
  const runTool = createRequire(import.meta.url)(ELECTRONEGATIVITY) as RunTool;
  const work = mkdtempSync(path.join(os.tmpdir(), 'atom-eng-'));
  try {
    const canaryDir = path.join(work, 'canary');
    mkdirSync(canaryDir);
    writeFileSync(path.join(canaryDir, 'canary.ts'), CANARY);
    // One after the other: the tool keeps its locale setup in globals.
    const canary = await scan(runTool, canaryDir, electronVersion);
    const src = await scan(runTool, path.join(root, 'src'), electronVersion);

    const keep = process.argv.indexOf('--keep-results');
    if (keep !== -1 && process.argv[keep + 1]) {
      const dir = path.resolve(process.argv[keep + 1]);
      mkdirSync(dir, { recursive: true });
      writeFileSync(path.join(dir, 'canary.json'), `${JSON.stringify(canary.raw, null, 2)}\n`);
      writeFileSync(path.join(dir, 'src.json'), `${JSON.stringify(src.raw, null, 2)}\n`);
    }
    return report({ toolVersion: readVersion(root, ELECTRONEGATIVITY), electronVersion, canary: canary.result, src: src.result });
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
