/**
 * The diagnostics file a user sends to support: the core's bundle (which holds no token, no record
 * data and no username) as pretty JSON with a dated name. Pure, so it is unit-tested in Node; the
 * page saves it with a Blob link.
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

/** A temporary Blob link: a download in browser mode, the save dialog in the desktop app. */
export function saveDiagnosticsFile(file: DiagnosticsFile): void {
  const url = URL.createObjectURL(new Blob([file.json], { type: 'application/json' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = file.fileName;
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
