/**
 * A colleague of the Demo user at work in the Demo org: another user of the org, signed in through
 * its own OAuth client, changing records over the REST API. The org stamps their changes with their
 * user (LastModifiedById), as Salesforce does, which is what change notifications look for.
 */
import path from 'node:path';
import Database from 'better-sqlite3';
import type { APIRequestContext } from '@playwright/test';
import { DEMO_USERNAME } from '../../../src/emulator/demo-app';
import { dataDir } from './browser-mode-env';
import { otherClientAccessToken } from './demo-org-login';

/** Reads the emulated org's database (what Salesforce "has"), read-only. */
export function orgQuery<T>(sql: string, ...params: unknown[]): T[] {
  const db = new Database(path.join(dataDir(), 'demo-org.sqlite'), { readonly: true, fileMustExist: true });
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}

export interface Colleague {
  id: string;
  name: string;
  username: string;
}

/** The Demo user's Id and an active colleague (the first by Id). */
export function demoUserAndColleague(): { me: string; colleague: Colleague } {
  const [me] = orgQuery<{ Id: string }>(`SELECT "Id" FROM "User" WHERE "Username" = ?`, DEMO_USERNAME);
  const [colleague] = orgQuery<{ Id: string; Name: string; Username: string }>(
    `SELECT "Id", "Name", "Username" FROM "User" WHERE "Id" <> ? AND "IsActive" = 1 ORDER BY "Id" LIMIT 1`,
    me.Id,
  );
  return { me: me.Id, colleague: { id: colleague.Id, name: colleague.Name, username: colleague.Username } };
}

/** The colleague changes a record through the org's REST API, as themselves. */
export async function colleagueUpdates(
  request: APIRequestContext,
  emulatorOrigin: string,
  colleague: Colleague,
  object: string,
  id: string,
  values: Record<string, unknown>,
): Promise<void> {
  const accessToken = await otherClientAccessToken(emulatorOrigin, colleague.username);
  const response = await request.patch(`${emulatorOrigin}/services/data/v62.0/sobjects/${object}/${id}`, {
    data: values,
    headers: { Authorization: `Bearer ${accessToken}` },
  });
  if (![200, 204].includes(response.status())) throw new Error(`the org answered ${response.status()}: ${await response.text()}`);
}
