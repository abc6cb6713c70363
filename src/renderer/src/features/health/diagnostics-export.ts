/**
 * The diagnostics file a user sends to support: the core's bundle (which holds no token, no record
 * data and no username) as pretty JSON with a dated name. Pure (no DOM), so it is unit-tested in
 * Node; the page saves it with a Blob link.
 */
import type { DiagnosticsBundle } from '../../../../shared/ipc';

export interface DiagnosticsFile {
  fileName: string;
  json: string;
}

export function buildDiagnosticsFile(bundle: DiagnosticsBundle): DiagnosticsFile {
  const stamp = bundle.createdAt.replace(/[:]/g, '-').replace(/\.\d{3}Z$/, 'Z');
  return { fileName: `atom-diagnostics-${stamp}.json`, json: `${JSON.stringify(bundle, null, 2)}\n` };
}
