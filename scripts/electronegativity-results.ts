/**
 * The boundary with Electronegativity: what its programmatic API (`run(options)`, the package's main
 * export) returns, validated and turned into findings.
 *
 * Why not the CSV report (`-o report.csv`): in 1.10.3 the tool writes the header and the rows with
 * two concurrent `fs.writeFile` calls on the same path (util/file.js: one truncating, one appending).
 * Whichever lands last wins: the header can overwrite the start of the rows (the first rows then
 * read as fragments of a CSP or openExternal sample, split at its commas and quotes), or the
 * truncation can land after the rows and leave a header-only report that reads as clean. No parser
 * can recover the second case, so the check takes the results from memory instead. The SARIF report
 * is written in one call but carries no severity, confidence or sample, which the check needs.
 *
 * Fails closed: a result or a finding of an unexpected shape is an error naming the finding, and a
 * file the tool could not parse (so did not check) is reported as unscanned.
 */
import path from 'node:path';
import { z } from 'zod';

const SEVERITIES = ['HIGH', 'MEDIUM', 'LOW', 'INFORMATIONAL'] as const;
const CONFIDENCES = ['CERTAIN', 'FIRM', 'TENTATIVE'] as const;

export type Severity = (typeof SEVERITIES)[number];

export interface Finding {
  issue: string;
  severity: Severity;
  confidence: string;
  /** Relative to the scanned folder, with `/` separators; `N/A` for findings about no one file. */
  filename: string;
  /** `line:column`, empty when the tool gives none. */
  location: string;
  /** The flagged source line (or CSP), verbatim: commas, quotes and newlines included. */
  sample: string;
  description: string;
  url: string;
}

export interface UnscannedFile {
  file: string;
  message: string;
}

export interface ScanResult {
  findings: Finding[];
  /** Files the tool failed to parse: none of its checks ran on them. */
  unscanned: UnscannedFile[];
  /** Files parsed with a recoverable warning (the tool still checked them). */
  warnings: UnscannedFile[];
}

// Only the fields the check reads; the tool's extra bookkeeping fields (visibility, processed, ...) pass.
const issueSchema = z.object({
  id: z.string().regex(/^[A-Z][A-Z0-9_]*$/, 'expected a check id such as NODE_INTEGRATION_JS_CHECK'),
  severity: z.object({ name: z.enum(SEVERITIES) }),
  confidence: z.object({ name: z.enum(CONFIDENCES) }),
  file: z.string().min(1),
  location: z.object({ line: z.number().int().nonnegative(), column: z.number().int().nonnegative() }).optional(),
  sample: z.string().nullish(),
  description: z.string(),
});

const parseErrorSchema = z.object({ file: z.string(), message: z.string(), tolerable: z.boolean() });

const resultSchema = z.object({ issues: z.array(z.unknown()), errors: z.array(z.unknown()) });

function describeIssues(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`).join('; ');
}

/** The check id and file of a raw finding, when those two are readable, to name it in an error. */
function label(raw: unknown): string {
  const record = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const parts = [record.id, record.file].filter((part): part is string => typeof part === 'string');
  return parts.length > 0 ? ` (${parts.join(' in ')})` : '';
}

function toFinding(raw: unknown, index: number, count: number): Finding {
  const parsed = issueSchema.safeParse(raw);
  if (!parsed.success) {
    throw new Error(`Electronegativity finding ${index + 1} of ${count}${label(raw)} is unreadable: ${describeIssues(parsed.error)}`);
  }
  const issue = parsed.data;
  return {
    issue: issue.id,
    severity: issue.severity.name,
    confidence: issue.confidence.name,
    filename: issue.file.split(path.sep).join('/'),
    location: issue.location ? `${issue.location.line}:${issue.location.column}` : '',
    sample: issue.sample ?? '',
    description: issue.description,
    // The link the tool's own CSV report gives (its shortenedURL points at a retired URL shortener).
    url: `https://github.com/doyensec/electronegativity/wiki/${issue.id}`,
  };
}

function toParseError(raw: unknown, index: number, count: number): z.infer<typeof parseErrorSchema> {
  const parsed = parseErrorSchema.safeParse(raw);
  if (!parsed.success) {
    throw new Error(`Electronegativity parse error ${index + 1} of ${count} is unreadable: ${describeIssues(parsed.error)}`);
  }
  return parsed.data;
}

/** Validates what `run(options)` resolved to; throws, naming the culprit, on anything unexpected. */
export function readResult(raw: unknown): ScanResult {
  const parsed = resultSchema.safeParse(raw);
  if (!parsed.success) {
    throw new Error(`Unexpected Electronegativity result (expected { issues, errors }): ${describeIssues(parsed.error)}`);
  }
  const { issues, errors } = parsed.data;
  const findings = issues.map((issue, index) => toFinding(issue, index, issues.length));
  const parseErrors = errors.map((error, index) => toParseError(error, index, errors.length));
  const toFile = ({ file, message }: UnscannedFile): UnscannedFile => ({ file: file.split(path.sep).join('/'), message });
  return {
    findings,
    unscanned: parseErrors.filter((error) => !error.tolerable).map(toFile),
    warnings: parseErrors.filter((error) => error.tolerable).map(toFile),
  };
}
