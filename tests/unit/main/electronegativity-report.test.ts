import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  judge,
  report,
  REVIEWED_FINDINGS,
  scan,
  type Finding,
  type ReviewedFinding,
  type ScanResult,
  type Scans,
  type ToolOptions,
} from '../../../scripts/check-electronegativity';
import { readResult } from '../../../scripts/electronegativity-results';

// What Electronegativity 1.10.3's run() returned under CI=true, captured with
// `CI=true npx tsx scripts/check-electronegativity.ts --keep-results tests/fixtures/electronegativity`:
// src.json is this repository's src/ (a LOW CSP finding and the reviewed openExternal call, both
// samples full of commas and quotes); canary.json is the nodeIntegration:true canary, which has
// unreviewed HIGH findings.
const fixture = (name: string): unknown => JSON.parse(readFileSync(path.join('tests/fixtures/electronegativity', name), 'utf8'));
const SRC = fixture('src.json');
const CANARY = fixture('canary.json');

const CSP_SAMPLE =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; object-src 'none'";

/** A raw finding as the tool returns it, to be varied by each test. */
function rawIssue(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: 'OPEN_EXTERNAL_JS_CHECK',
    file: 'main/x.ts',
    location: { line: 3, column: 1 },
    sample: 'await deps.openExternal(url);',
    description: 'Review the use of openExternal',
    severity: { value: 2, name: 'MEDIUM' },
    confidence: { value: 0, name: 'TENTATIVE' },
    ...overrides,
  };
}

function finding(overrides: Partial<Finding>): Finding {
  return {
    issue: 'OPEN_EXTERNAL_JS_CHECK',
    severity: 'MEDIUM',
    confidence: 'TENTATIVE',
    filename: 'main/x.ts',
    location: '3:1',
    sample: 'await deps.openExternal(url, { a: "b" });',
    description: 'Review the use of openExternal',
    url: 'https://github.com/doyensec/electronegativity/wiki/OPEN_EXTERNAL_JS_CHECK',
    ...overrides,
  };
}

function capture() {
  const lines: { out: string[]; err: string[] } = { out: [], err: [] };
  return {
    lines,
    log: { log: (line: string) => lines.out.push(line), warn: (line: string) => lines.err.push(line), error: (line: string) => lines.err.push(line) },
  };
}

const scans = (src: ScanResult, canary: ScanResult = readResult(CANARY)): Scans => ({ toolVersion: '1.10.3', electronVersion: '42.11.18', canary, src });

describe('Electronegativity results', () => {
  it('reads the real report of src/ with its samples intact: commas, quotes and semicolons are not separators', () => {
    const { findings, unscanned, warnings } = readResult(SRC);
    expect(unscanned).toEqual([]);
    expect(warnings).toEqual([]);
    expect(findings).toEqual([
      {
        issue: 'CSP_GLOBAL_CHECK',
        severity: 'LOW',
        confidence: 'FIRM',
        filename: 'renderer/index.html',
        location: '6:0',
        sample: CSP_SAMPLE,
        description: 'One or more CSP directives detected seems to be vulnerable',
        url: 'https://github.com/doyensec/electronegativity/wiki/CSP_GLOBAL_CHECK',
      },
      {
        issue: 'OPEN_EXTERNAL_JS_CHECK',
        severity: 'MEDIUM',
        confidence: 'TENTATIVE',
        filename: 'main/core/connections/connections.service.ts',
        location: '404:16',
        sample: "await deps.openExternal(authorizeUrl, input.environment === 'demo' ? { demoOrigin: new URL(loginHost).origin } : {});",
        description: 'Review the use of openExternal',
        url: 'https://github.com/doyensec/electronegativity/wiki/OPEN_EXTERNAL_JS_CHECK',
      },
    ]);
  });

  it('keeps a sample with commas, doubled quotes and newlines as one field', () => {
    const sample = 'a, "b", ""c""\nd,\r\ne';
    const { findings } = readResult({ issues: [rawIssue({ sample }), rawIssue({ id: 'CSP_GLOBAL_CHECK' })], errors: [] });
    expect(findings.map((f) => [f.issue, f.sample])).toEqual([
      ['OPEN_EXTERNAL_JS_CHECK', sample],
      ['CSP_GLOBAL_CHECK', 'await deps.openExternal(url);'],
    ]);
  });

  it('reads a finding without a sample or location (global checks) as empty, not as a crash', () => {
    const { findings } = readResult({ issues: [rawIssue({ file: 'N/A', sample: undefined, location: undefined })], errors: [] });
    expect(findings[0]).toMatchObject({ filename: 'N/A', sample: '', location: '' });
  });

  it.each([
    ['no severity', rawIssue({ severity: undefined }), /finding 2 of 2 \(OPEN_EXTERNAL_JS_CHECK in main\/x\.ts\) is unreadable: severity/],
    [
      'an unknown severity',
      rawIssue({ severity: { value: 4, name: 'CRITICAL' } }),
      /finding 2 of 2 \(OPEN_EXTERNAL_JS_CHECK in main\/x\.ts\) is unreadable: severity\.name/,
    ],
    ['a cut-off finding', { id: 'NODE_INTEGRATION_JS_CHECK' }, /finding 2 of 2 \(NODE_INTEGRATION_JS_CHECK\) is unreadable: severity.*confidence.*file/],
    ['a row of text', 'CSP_GLOBAL_CHECK,"LOW"', /finding 2 of 2 is unreadable: \(root\)/],
    ['a mangled check id', rawIssue({ id: "lf'; script-src 'self'" }), /finding 2 of 2 .* is unreadable: id: expected a check id/],
  ])('refuses a result with %s, naming the finding', (_case, bad, message) => {
    expect(() => readResult({ issues: [rawIssue(), bad], errors: [] })).toThrow(message);
  });

  it('refuses a result that is not the tool’s { issues, errors } (the CLI mode resolves to nothing)', () => {
    expect(() => readResult(undefined)).toThrow(/Unexpected Electronegativity result/);
    expect(() => readResult({ issues: 'none' })).toThrow(/Unexpected Electronegativity result.*issues.*errors/);
  });

  it('reports files the tool could not parse as unscanned, and recoverable ones as warnings', () => {
    const result = readResult({
      issues: [],
      errors: [
        { file: 'main/broken.ts', message: 'Unexpected token', tolerable: false },
        { file: 'main/odd.ts', message: 'A warning', tolerable: true },
      ],
    });
    expect(result.unscanned).toEqual([{ file: 'main/broken.ts', message: 'Unexpected token' }]);
    expect(result.warnings).toEqual([{ file: 'main/odd.ts', message: 'A warning' }]);
    expect(() => readResult({ issues: [], errors: [{ file: 'main/x.ts' }] })).toThrow(/parse error 1 of 1 is unreadable/);
  });
});

describe('Electronegativity scan', () => {
  it('asks the tool for its results in memory (no report file) with the Electron version under the name its runner reads', async () => {
    const calls: ToolOptions[] = [];
    const { result } = await scan(
      async (options) => {
        calls.push({ ...options });
        return SRC;
      },
      '/repo/src',
      '42.11.18',
    );
    expect(calls).toEqual([
      { input: '/repo/src', isRelative: true, excludeFromScan: ['AvailableSecurityFixesGlobalCheck'], electronVersionOverride: '42.11.18' },
    ]);
    expect(calls[0]).not.toHaveProperty('output');
    expect(result.findings).toHaveLength(2);
  });

  it('fails when the tool hands back something unreadable', async () => {
    await expect(scan(async () => undefined, '/repo/src', '42.11.18')).rejects.toThrow(/Unexpected Electronegativity result/);
  });
});

describe('Electronegativity verdict', () => {
  it('passes the real report of src/ with its reviewed openExternal finding', () => {
    const { lines, log } = capture();
    expect(report(scans(readResult(SRC)), REVIEWED_FINDINGS, log)).toBe(0);
    expect(lines.err).toEqual([]);
    expect(lines.out.at(-1)).toBe('No unreviewed HIGH/MEDIUM findings.');
  });

  it('exits non-zero on an unreviewed HIGH finding, naming it', () => {
    const { lines, log } = capture();
    expect(report(scans(readResult(CANARY)), REVIEWED_FINDINGS, log)).toBe(1);
    expect(lines.err.join('\n')).toMatch(/HIGH\s+CONTEXT_ISOLATION_JS_CHECK canary\.ts:2:\d+/);
  });

  it('exits non-zero when the tool could not parse a file of src/', () => {
    const { lines, log } = capture();
    const src = { ...readResult(SRC), unscanned: [{ file: 'main/broken.ts', message: 'Unexpected token' }] };
    expect(report(scans(src), REVIEWED_FINDINGS, log)).toBe(1);
    expect(lines.err.join('\n')).toContain('main/broken.ts: Unexpected token');
  });

  it('exits 2 when the canary is not flagged (the tool is not working)', () => {
    const { lines, log } = capture();
    expect(report(scans(readResult(SRC), readResult(SRC)), REVIEWED_FINDINGS, log)).toBe(2);
    expect(lines.err.join('\n')).toMatch(/canary was not flagged as blocking/);
  });

  // The tool rates an explicit nodeIntegration: true INFORMATIONAL (the canary's own finding shows it).
  it('blocks a nodeIntegration finding whatever severity the tool gives it', () => {
    const canary = readResult(CANARY).findings.filter((f) => f.issue === 'NODE_INTEGRATION_JS_CHECK');
    expect(canary.map((f) => f.severity)).toEqual(['INFORMATIONAL']);
    expect(judge(canary, []).blocking).toEqual(canary);
    const { lines, log } = capture();
    expect(report(scans({ findings: canary, unscanned: [], warnings: [] }), [], log)).toBe(1);
    expect(lines.err.join('\n')).toMatch(/INFORMATIONAL NODE_INTEGRATION_JS_CHECK canary\.ts:2:66/);
  });

  it('blocks unreviewed HIGH/MEDIUM findings, reports LOW ones, and flags stale reviews', () => {
    const findings = [
      finding({ issue: 'NODE_INTEGRATION_JS_CHECK', severity: 'HIGH', filename: 'main/window.ts', sample: 'new BrowserWindow({' }),
      finding({}),
      finding({ issue: 'CSP_GLOBAL_CHECK', severity: 'LOW', filename: 'renderer/index.html', sample: CSP_SAMPLE }),
    ];
    const reviews: ReviewedFinding[] = [
      { issue: 'OPEN_EXTERNAL_JS_CHECK', filename: 'main/x.ts', sample: 'deps.openExternal(url', reason: 'host-supplied gated opener' },
      { issue: 'SANDBOX_JS_CHECK', filename: 'main/window.ts', sample: 'new BrowserWindow', reason: 'no longer flagged' },
    ];
    const verdict = judge(findings, reviews);
    expect(verdict.blocking.map((f) => f.issue)).toEqual(['NODE_INTEGRATION_JS_CHECK']);
    expect(verdict.reviewed.map((r) => r.reason)).toEqual(['host-supplied gated opener']);
    expect(verdict.informational.map((f) => f.issue)).toEqual(['CSP_GLOBAL_CHECK']);
    expect(verdict.unusedReviews.map((r) => r.issue)).toEqual(['SANDBOX_JS_CHECK']);

    const { lines, log } = capture();
    report(scans({ findings, unscanned: [], warnings: [] }), reviews, log);
    expect(lines.err.join('\n')).toMatch(/stale review \(matches nothing now\): SANDBOX_JS_CHECK main\/window\.ts/);
  });

  it('a review matches only its own check, file and line', () => {
    const reviews: ReviewedFinding[] = [{ issue: 'OPEN_EXTERNAL_JS_CHECK', filename: 'main/other.ts', sample: 'deps.openExternal', reason: 'x' }];
    expect(judge([finding({})], reviews).blocking.map((f) => f.issue)).toEqual(['OPEN_EXTERNAL_JS_CHECK']);
  });

  // The scan itself needs the tool and is not part of the unit tests; this catches a reviewed
  // suppression going stale when its line is edited, which would otherwise only fail that scan.
  it.each(REVIEWED_FINDINGS.map((review) => [review.filename, review]))('the reviewed line in %s is still there', (_file, review) => {
    const source = readFileSync(path.join('src', review.filename), 'utf8');
    expect(source.split('\n').some((line) => line.includes(review.sample))).toBe(true);
  });
});
