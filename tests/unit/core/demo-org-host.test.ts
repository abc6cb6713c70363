/**
 * The Demo org host (demo/demo-org.ts) with an org that is not an embedded emulator: an endpoint
 * reached over loopback (url, consumer key, close), as the sync benchmark's emulator in its own
 * process is. It is passed without a cast: `npx tsc` fails here if the host asks for more.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDemoOrgHost, DEMO_ORG_FILE_NAME } from '../../../src/main/core/demo/demo-org';
import type { StartEmulatorOptions } from '../../../src/emulator';

const quiet = { debug() {}, info() {}, warn() {}, error() {} };
let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'demo-org-host-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('Demo org host with a remote endpoint', () => {
  it('starts it once for concurrent callers, hands the same endpoint back and closes it', async () => {
    const starts: StartEmulatorOptions[] = [];
    let closed = 0;
    // No type annotation and no cast: only what the host needs, as an out-of-process org can offer.
    const remote = {
      url: 'http://127.0.0.1:4321',
      consumerKey: 'remote-key',
      close: async () => {
        closed++;
      },
    };
    const host = createDemoOrgHost({
      dataDir: dir,
      log: quiet,
      start: async (options) => {
        starts.push(options);
        return remote;
      },
    });

    const [a, b] = await Promise.all([host.ensure(), host.ensure()]);
    expect(a).toBe(remote);
    expect(b).toBe(remote);
    expect(host.current()).toBe(remote);
    expect(starts).toHaveLength(1);
    expect(starts[0].dbFile).toBe(join(dir, DEMO_ORG_FILE_NAME));

    await host.close();
    expect(closed).toBe(1);
    expect(host.current()).toBeUndefined();
  });
});
