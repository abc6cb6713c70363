/**
 * The one gate every IPC / bridge call passes: known channel → trusted sender → input schema →
 * handler → output schema → Result. Errors become AppErrorData; nothing secret gets out.
 */
import type { z } from 'zod';
import { AppError, type AppErrorData, type Result } from '../../shared/errors';
import { contract, type Channel } from '../../shared/ipc';
import type { HandlerMap } from './handlers';
import { redactingLogger, redactText, type Logger } from './logger';
import { mapSalesforceError } from './salesforce/errors';

export const INTERNAL_MESSAGE = 'Something went wrong. Try again, and if it keeps happening, restart the app.';
export const FORBIDDEN_MESSAGE = "This request did not come from the app's own window, so it was refused.";

/** Salesforce token shapes, and token-named keys: none may ever appear in a response (or a pushed event). */
export const SECRET_IN_OUTPUT =
  /"(?:access_token|refresh_token|accessToken|refreshToken|client_secret)"\s*:|\b00D[A-Za-z0-9]{12,15}![A-Za-z0-9._-]{8,}|\b5Aep[A-Za-z0-9._=-]{20,}/;

const GENERIC_ZOD_MESSAGE = /^(?:Invalid|Too (?:small|big)|Expected|Unrecognized)/;

/** A readable message and the form fields a failed parse points at. */
export function invalidInputError(error: z.ZodError): AppErrorData {
  const fields = new Set<string>();
  const messages: string[] = [];
  for (const issue of error.issues.slice(0, 10)) {
    const path = issue.path.map(String).join('.');
    const keys = issue.code === 'unrecognized_keys' ? ((issue as { keys?: string[] }).keys ?? []) : [];
    if (keys.length) keys.forEach((k) => fields.add(path ? `${path}.${k}` : k));
    else if (path) fields.add(path);
    messages.push(path && GENERIC_ZOD_MESSAGE.test(issue.message) ? `${path}: ${issue.message}` : issue.message);
  }
  const message = [...new Set(messages)].join('; ') || 'The request was not valid.';
  return fields.size ? { code: 'INVALID_INPUT', message, fields: [...fields] } : { code: 'INVALID_INPUT', message };
}

function redactedData(err: AppError): AppErrorData {
  const data = err.toData();
  return { ...data, message: redactText(data.message) };
}

export type Invoke = (channel: string, payload: unknown, sender: { trusted: boolean }) => Promise<Result<unknown>>;

export function createGate(handlers: HandlerMap<Channel>, hostLog: Logger): Invoke {
  const log = redactingLogger(hostLog);
  return async (channel, payload, sender) => {
    if (typeof channel !== 'string' || !Object.hasOwn(contract, channel)) {
      return { ok: false, error: { code: 'INVALID_INPUT', message: 'The app does not know this request.' } };
    }
    // Before anything reads the payload: an untrusted sender causes no work and no side effect.
    if (!sender || sender.trusted !== true) {
      log.warn(`Refused ${channel} from an untrusted sender`);
      return { ok: false, error: { code: 'FORBIDDEN', message: FORBIDDEN_MESSAGE } };
    }
    const spec = contract[channel as Channel];
    const input = spec.input.safeParse(payload);
    if (!input.success) return { ok: false, error: invalidInputError(input.error) };

    try {
      const handler = handlers[channel as Channel] as (input: unknown) => unknown;
      const result = await handler(input.data);
      const output = spec.output.safeParse(result);
      if (!output.success) {
        log.error(`The ${channel} handler returned data that does not match the contract`, output.error.issues.slice(0, 5));
        return { ok: false, error: { code: 'INTERNAL', message: INTERNAL_MESSAGE } };
      }
      if (SECRET_IN_OUTPUT.test(JSON.stringify(output.data) ?? '')) {
        log.error(`Blocked a ${channel} response that looked like it carried a token`);
        return { ok: false, error: { code: 'INTERNAL', message: INTERNAL_MESSAGE } };
      }
      return { ok: true, data: output.data };
    } catch (err) {
      const mapped = mapSalesforceError(err);
      if (mapped) {
        if (mapped.code === 'INTERNAL') log.error(`${channel} failed`, err);
        return { ok: false, error: redactedData(mapped) };
      }
      log.error(`${channel} failed unexpectedly`, err);
      return { ok: false, error: { code: 'INTERNAL', message: INTERNAL_MESSAGE } };
    }
  };
}
