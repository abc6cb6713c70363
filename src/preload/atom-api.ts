/**
 * Builds the `window.atom` object from the contract: one named method per channel, each bound to
 * its own channel constant. No generic invoke and no ipcRenderer ever reach the page. Kept free
 * of Electron imports so tests can exercise it directly.
 */
import { CHANNELS, contract, type AtomApi, type Channel } from '../shared/ipc';

export type ChannelInvoker = (channel: Channel, input: unknown) => Promise<unknown>;

export function buildAtomApi(invoke: ChannelInvoker): AtomApi {
  // A plain object: contextBridge copies own enumerable properties of plain objects.
  const api: Record<string, (input?: unknown) => Promise<unknown>> = {};
  for (const channel of CHANNELS) {
    const method = contract[channel].method;
    if (Object.hasOwn(api, method)) throw new Error(`Two channels share the preload method name ${method}`);
    // Only the first argument is forwarded: the contract's input is a single object.
    api[method] = (input?: unknown) => invoke(channel, input);
  }
  return Object.freeze(api) as unknown as AtomApi;
}

/** The allowlist of method names `window.atom` exposes, derived from the contract. */
export function atomApiMethodNames(): string[] {
  return CHANNELS.map((channel) => contract[channel].method);
}
