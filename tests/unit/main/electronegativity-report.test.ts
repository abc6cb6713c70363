import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { judge, parseCsv, parseFindings, REVIEWED_FINDINGS, type ReviewedFinding } from '../../../scripts/check-electronegativity';

// The shape Electronegativity 1.10.3 writes with -o report.csv (header spacing included).
const CSV = [
  'issue, severity, confidence, filename, location, sample, description, url',
  'NODE_INTEGRATION_JS_CHECK,"HIGH","FIRM","main/window.ts","64:17","const window = new BrowserWindow({","Disable nodeIntegration for untrusted origins",https://github.com/doyensec/electronegativity/wiki/NODE_INTEGRATION_JS_CHECK',
  'OPEN_EXTERNAL_JS_CHECK,"MEDIUM","TENTATIVE","main/core/x.ts","3:1","await deps.openExternal(url, { a: ""b"" });","Review the use of openExternal",https://example.invalid/OPEN',
  'CSP_GLOBAL_CHECK,"LOW","FIRM","renderer/index.html","6:0","default-src \'self\'; script-src \'self\'","One or more CSP directives, detected",https://example.invalid/CSP',
  '',
].join('\n');

describe('Electronegativity report handling', () => {
  it('parses quoted fields with commas and doubled quotes', () => {
    expect(parseCsv('a,"b,c","d ""e"""\r\n1,2,3\n')).toEqual([
      ['a', 'b,c', 'd "e"'],
      ['1', '2', '3'],
    ]);
  });

  it('reads findings from the CSV', () => {
    const findings = parseFindings(CSV);
    expect(findings.map((f) => [f.issue, f.severity, f.filename])).toEqual([
      ['NODE_INTEGRATION_JS_CHECK', 'HIGH', 'main/window.ts'],
      ['OPEN_EXTERNAL_JS_CHECK', 'MEDIUM', 'main/core/x.ts'],
      ['CSP_GLOBAL_CHECK', 'LOW', 'renderer/index.html'],
    ]);
    expect(findings[1].sample).toBe('await deps.openExternal(url, { a: "b" });');
  });

  it('reads a row shorter than the header without crashing, and does not let it pass', () => {
    const short = [
      'issue, severity, confidence, filename, location, sample, description, url',
      'CSP_GLOBAL_CHECK,"LOW","FIRM","renderer/index.html"',
      'NODE_INTEGRATION_JS_CHECK',
      '',
    ].join('\n');
    const findings = parseFindings(short);
    expect(findings).toEqual([
      { issue: 'CSP_GLOBAL_CHECK', severity: 'LOW', confidence: 'FIRM', filename: 'renderer/index.html', location: '', sample: '', description: '', url: '' },
      { issue: 'NODE_INTEGRATION_JS_CHECK', severity: 'UNKNOWN', confidence: '', filename: '', location: '', sample: '', description: '', url: '' },
    ]);
    // A finding whose severity was cut off blocks: a damaged report must not read as clean.
    const verdict = judge(findings, []);
    expect(verdict.blocking.map((f) => f.issue)).toEqual(['NODE_INTEGRATION_JS_CHECK']);
    expect(verdict.informational.map((f) => f.issue)).toEqual(['CSP_GLOBAL_CHECK']);
  });

  it('refuses a CSV it does not understand rather than passing silently', () => {
    expect(() => parseFindings('check,level\nX,HIGH\n')).toThrow(/Unexpected Electronegativity CSV header/);
  });

  it('blocks unreviewed HIGH/MEDIUM findings, reports LOW ones, and flags stale reviews', () => {
    const reviews: ReviewedFinding[] = [
      { issue: 'OPEN_EXTERNAL_JS_CHECK', filename: 'main/core/x.ts', sample: 'deps.openExternal(url', reason: 'host-supplied gated opener' },
      { issue: 'SANDBOX_JS_CHECK', filename: 'main/window.ts', sample: 'new BrowserWindow', reason: 'no longer flagged' },
    ];
    const verdict = judge(parseFindings(CSV), reviews);
    expect(verdict.blocking.map((f) => f.issue)).toEqual(['NODE_INTEGRATION_JS_CHECK']);
    expect(verdict.reviewed.map((r) => r.reason)).toEqual(['host-supplied gated opener']);
    expect(verdict.informational.map((f) => f.issue)).toEqual(['CSP_GLOBAL_CHECK']);
    expect(verdict.unusedReviews.map((r) => r.issue)).toEqual(['SANDBOX_JS_CHECK']);
  });

  it('a review matches only its own check, file and line', () => {
    const reviews: ReviewedFinding[] = [{ issue: 'OPEN_EXTERNAL_JS_CHECK', filename: 'main/other.ts', sample: 'deps.openExternal', reason: 'x' }];
    expect(judge(parseFindings(CSV), reviews).blocking.map((f) => f.issue)).toEqual(['NODE_INTEGRATION_JS_CHECK', 'OPEN_EXTERNAL_JS_CHECK']);
  });

  // The scan itself needs the tool and is not part of the unit tests; this catches a reviewed
  // suppression going stale when its line is edited, which would otherwise only fail that scan.
  it.each(REVIEWED_FINDINGS.map((review) => [review.filename, review]))('the reviewed line in %s is still there', (_file, review) => {
    const source = readFileSync(path.join('src', review.filename), 'utf8');
    expect(source.split('\n').some((line) => line.includes(review.sample))).toBe(true);
  });
});
