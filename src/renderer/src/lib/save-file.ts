/**
 * Hands a JSON file to the user through a temporary Blob link: a download in browser mode, the
 * save dialog in the desktop app; no privileged API either way.
 */
export function saveJsonFile(file: { fileName: string; json: string }): void {
  const url = URL.createObjectURL(new Blob([file.json], { type: 'application/json' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = file.fileName;
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
  // The download has its own reference to the data once started.
  window.setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
