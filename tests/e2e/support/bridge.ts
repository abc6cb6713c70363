/**
 * Asks browser mode's core directly, the way the app's own page does (the launch link's secret in
 * the header, the app's Origin): the specs compare what a screen shows with what the core answers.
 */
import type { APIRequestContext } from '@playwright/test';
import { appUrl } from './browser-mode-env';

export async function bridgeCall<T>(request: APIRequestContext, channel: string, input?: unknown): Promise<T> {
  const url = new URL(appUrl());
  const secret = new URLSearchParams(url.hash.slice(1)).get('secret') ?? '';
  const response = await request.post(`${url.origin}/api/${channel}`, {
    headers: { 'Content-Type': 'application/json', 'X-Atom-Secret': secret, Origin: url.origin },
    data: input ?? {},
  });
  const result = (await response.json()) as { ok: boolean; data?: T; error?: { code: string; message: string } };
  if (!result.ok) throw new Error(`${channel}: ${result.error?.code} ${result.error?.message}`);
  return result.data as T;
}
