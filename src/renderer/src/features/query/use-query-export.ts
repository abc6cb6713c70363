/**
 * Exporting a query's full result: the core writes the file as rows arrive and reports progress
 * as `query-export` events (pushed, never polled); once done, the host hands it over — a save
 * dialog in the desktop app (its path is shown), a one-time download link in browser mode.
 */
import { useCallback, useRef, useState } from 'react';
import type { ExportProgressEvent, QueryTarget } from '../../../../shared/ipc';
import { api, call } from '../../lib/api';
import { useAtomEvent } from '../../lib/events';

export type ExportFormat = 'csv' | 'json' | 'xlsx';

export interface ExportRequest {
  soql: string;
  target: QueryTarget;
  queryAll: boolean;
  format: ExportFormat;
  confirmed: boolean;
}

export type Handover = { kind: 'saved'; path: string } | { kind: 'downloaded'; fileName: string } | { kind: 'not-saved' };

export interface ExportState {
  progress: ExportProgressEvent | null;
  handover: Handover | null;
  error: unknown;
  starting: boolean;
}

const FINISHED = new Set(['done', 'failed', 'cancelled']);

/** The later of two reports of one export: a finished one, else the one with more rows. */
function later(a: ExportProgressEvent | undefined, b: ExportProgressEvent): ExportProgressEvent {
  if (!a) return b;
  if (FINISHED.has(a.state) !== FINISHED.has(b.state)) return FINISHED.has(a.state) ? a : b;
  return a.rows > b.rows ? a : b;
}

/** Starts the browser's download of a one-time link of the bridge (same origin: no secret needed). */
function download(url: string, fileName: string): void {
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
}

export function useQueryExport() {
  const [state, setState] = useState<ExportState>({ progress: null, handover: null, error: null, starting: false });
  // Events can arrive before start's answer names the export: keep the latest of each.
  const seen = useRef(new Map<string, ExportProgressEvent>());
  const current = useRef<string | null>(null);
  const lastRequest = useRef<ExportRequest | null>(null);
  const handedOver = useRef(new Set<string>());

  // Every function is stable (refs and setState only): the results panel is memoized on them.
  const hand = useCallback(async (event: ExportProgressEvent) => {
    if (event.state !== 'done' || handedOver.current.has(event.exportId)) return;
    handedOver.current.add(event.exportId);
    try {
      const saved = await call(api.saveExport({ exportId: event.exportId }));
      let handover: Handover = { kind: 'not-saved' };
      if (saved.downloadUrl) {
        download(saved.downloadUrl, event.fileName);
        handover = { kind: 'downloaded', fileName: event.fileName };
      } else if (saved.saved && saved.path) handover = { kind: 'saved', path: saved.path };
      if (current.current === event.exportId) setState((s) => ({ ...s, handover }));
    } catch (error) {
      if (current.current === event.exportId) setState((s) => ({ ...s, error }));
    }
  }, []);

  const show = useCallback(
    (event: ExportProgressEvent) => {
      const merged = later(seen.current.get(event.exportId), event);
      seen.current.set(event.exportId, merged);
      if (current.current !== event.exportId) return;
      setState((s) => ({ ...s, progress: merged }));
      void hand(merged);
    },
    [hand],
  );

  useAtomEvent('query-export', show);

  const start = useCallback(
    async (request: ExportRequest) => {
      lastRequest.current = request;
      current.current = null;
      setState({ progress: null, handover: null, error: null, starting: true });
      try {
        const first = await call(api.startExport(request));
        current.current = first.exportId;
        setState((s) => ({ ...s, starting: false }));
        show(first);
      } catch (error) {
        setState({ progress: null, handover: null, error, starting: false });
      }
    },
    [show],
  );

  const cancel = useCallback(async () => {
    const exportId = current.current;
    if (!exportId) return;
    try {
      show(await call(api.cancelExport({ exportId })));
    } catch (error) {
      setState((s) => ({ ...s, error }));
    }
  }, [show]);

  const dismiss = useCallback(() => {
    current.current = null;
    setState({ progress: null, handover: null, error: null, starting: false });
  }, []);

  /** The core asked for a confirmation of the cost (an export above the threshold): start it confirmed. */
  const confirm = useCallback(() => {
    if (lastRequest.current) void start({ ...lastRequest.current, confirmed: true });
  }, [start]);

  return { state, start, cancel, dismiss, confirm };
}
