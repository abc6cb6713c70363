/**
 * `query:export-save`: hands a finished export to the user. The desktop app's host shows a save
 * dialog and copies the file where the user chose; without a host (browser mode) the answer is a
 * one-time download URL on the bridge (./downloads.ts). Once saved or downloaded the export and
 * its temporary file are released; a dismissed dialog or an unused URL leaves it to be saved again.
 * A download is served only while the export's org is still the active one.
 */
import type { DesktopHost } from '../../desktop/desktop-host';
import type { Downloads } from './downloads';
import type { ExportService } from './export-service';

export function createExportSaver(deps: {
  exports: Pick<ExportService, 'finished' | 'release'>;
  desktop?: Pick<DesktopHost, 'saveFile'>;
  downloads: Downloads;
}) {
  const release = (exportId: string) => void deps.exports.release(exportId).catch(() => undefined);
  const stillFinished = (exportId: string) => {
    try {
      deps.exports.finished(exportId);
      return true;
    } catch {
      return false;
    }
  };
  return async (exportId: string): Promise<{ saved: boolean; path: string | null; downloadUrl: string | null }> => {
    const file = deps.exports.finished(exportId);
    if (deps.desktop) {
      const saved = await deps.desktop.saveFile(file);
      if (saved.saved) release(exportId);
      return { ...saved, downloadUrl: null };
    }
    const downloadUrl = deps.downloads.register(file, { allowed: () => stillFinished(exportId), served: () => release(exportId) });
    return { saved: false, path: null, downloadUrl };
  };
}
