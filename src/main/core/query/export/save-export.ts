/**
 * `query:export-save`: hands a finished export to the user. The desktop app's host shows a save
 * dialog and copies the file where the user chose; without a host (browser mode) the answer is a
 * one-time download URL on the bridge (./downloads.ts).
 */
import type { DesktopHost } from '../../desktop/desktop-host';
import type { Downloads } from './downloads';
import type { ExportService } from './export-service';

export function createExportSaver(deps: { exports: Pick<ExportService, 'finished'>; desktop?: Pick<DesktopHost, 'saveFile'>; downloads: Downloads }) {
  return async (exportId: string): Promise<{ saved: boolean; path: string | null; downloadUrl: string | null }> => {
    const file = deps.exports.finished(exportId);
    if (deps.desktop) return { ...(await deps.desktop.saveFile(file)), downloadUrl: null };
    return { saved: false, path: null, downloadUrl: deps.downloads.register(file) };
  };
}
