/**
 * The core's logger. Every line passes through `redact()` first, whatever sink the host supplies,
 * so a token can never reach a log file even when a caller logs a raw error or response body.
 */

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface Logger {
  debug(message: string, detail?: unknown): void;
  info(message: string, detail?: unknown): void;
  warn(message: string, detail?: unknown): void;
  error(message: string, detail?: unknown): void;
}

const REDACTED = '[redacted]';

/** Object keys whose values are secrets wherever they appear. */
const SECRET_KEY =
  /^(?:access_?token|refresh_?token|id_?token|token|oauth_?token|code|code_?verifier|verifier|client_?secret|secret|password|authorization|signature|sid|session_?id|accessToken|refreshToken|clientSecret|codeVerifier)$/i;

/** Query-string / form / JSON-ish `key=value` or `"key":"value"` pairs for the same names. */
const SECRET_PAIR =
  /((?:^|[?&\s,;{"'])(?:access_token|refresh_token|id_token|oauth_token|code|code_verifier|client_secret|token|password|sid)["']?\s*[=:]\s*["']?)([^&\s"',;}]+)/gi;
/** `Authorization: Bearer <token>` and bare `Bearer <token>`. */
const BEARER = /\b(Bearer|OAuth)\s+[A-Za-z0-9._~+/!=-]+/gi;
/** Salesforce access tokens (and session ids): `<15/18-char org id>!<opaque>`. */
const SF_ACCESS_TOKEN = /\b00D[A-Za-z0-9]{12,15}![A-Za-z0-9._~+/=-]+/g;
/** Salesforce refresh tokens start with `5Aep` and are long opaque strings. */
const SF_REFRESH_TOKEN = /\b5Aep[A-Za-z0-9._~+/=-]{20,}/g;

/** Replaces every token-looking substring of a text. */
export function redactText(text: string): string {
  return text
    .replace(BEARER, (_m, scheme: string) => `${scheme} ${REDACTED}`)
    .replace(SF_ACCESS_TOKEN, REDACTED)
    .replace(SF_REFRESH_TOKEN, REDACTED)
    .replace(SECRET_PAIR, (_m, prefix: string) => `${prefix}${REDACTED}`);
}

/**
 * Deep copy of a value with secrets removed: secret-named keys are blanked, strings are scrubbed,
 * Errors become `{name, message, stack, code}` (all scrubbed). Cycles and depth are bounded.
 */
export function redact(value: unknown, depth = 0, seen = new WeakSet<object>()): unknown {
  if (typeof value === 'string') return redactText(value);
  if (value === null || typeof value !== 'object') return value;
  if (depth > 6) return '[…]';
  if (seen.has(value)) return '[circular]';
  seen.add(value);
  if (Buffer.isBuffer(value) || value instanceof Uint8Array) return `[${value.byteLength} bytes]`;
  if (value instanceof Error) {
    const out: Record<string, unknown> = { name: value.name, message: redactText(value.message) };
    const code = (value as { code?: unknown }).code ?? (value as { errorCode?: unknown }).errorCode;
    if (code !== undefined) out.code = redact(code, depth + 1, seen);
    if (value.stack) out.stack = redactText(value.stack);
    const cause = (value as { cause?: unknown }).cause;
    if (cause !== undefined) out.cause = redact(cause, depth + 1, seen);
    return out;
  }
  if (Array.isArray(value)) return value.slice(0, 50).map((v) => redact(v, depth + 1, seen));
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    out[key] = SECRET_KEY.test(key) && v !== null && v !== undefined && v !== '' ? REDACTED : redact(v, depth + 1, seen);
  }
  return out;
}

const LEVEL_ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export type LogSink = (level: LogLevel, line: string) => void;

/** A logger writing one redacted line per entry to `sink` (stderr by default). */
export function createLogger(options: { level?: LogLevel; sink?: LogSink } = {}): Logger {
  const min = LEVEL_ORDER[options.level ?? 'info'];
  const sink: LogSink = options.sink ?? ((_level, line) => process.stderr.write(`${line}\n`));
  const write = (level: LogLevel) => (message: string, detail?: unknown) => {
    if (LEVEL_ORDER[level] < min) return;
    let line = `${new Date().toISOString()} ${level.toUpperCase()} ${redactText(message)}`;
    if (detail !== undefined) {
      try {
        line += ` ${JSON.stringify(redact(detail))}`;
      } catch {
        line += ' [unserialisable detail]';
      }
    }
    sink(level, line);
  };
  return { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') };
}

/** Wraps a host-supplied logger so that whatever it does with its arguments, they are redacted. */
export function redactingLogger(inner: Logger): Logger {
  const wrap = (fn: (m: string, d?: unknown) => void) => (message: string, detail?: unknown) =>
    detail === undefined ? fn(redactText(message)) : fn(redactText(message), redact(detail));
  return {
    debug: wrap(inner.debug.bind(inner)),
    info: wrap(inner.info.bind(inner)),
    warn: wrap(inner.warn.bind(inner)),
    error: wrap(inner.error.bind(inner)),
  };
}

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };
