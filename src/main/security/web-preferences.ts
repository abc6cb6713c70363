/**
 * Which webPreferences values make a webContents unsafe (Electron security checklist items 2-4,
 * 6, 8-11). Used by the web-contents-created guard in index.ts and by the tests that inspect the
 * main window; the window itself spells its preferences out in window.ts.
 */
export function insecureWebPreferenceKeys(prefs: Record<string, unknown> | undefined | null): string[] {
  if (!prefs) return ['webPreferences missing'];
  const problems: string[] = [];
  if (prefs.contextIsolation === false) problems.push('contextIsolation');
  if (prefs.sandbox === false) problems.push('sandbox');
  if (prefs.nodeIntegration === true) problems.push('nodeIntegration');
  if (prefs.nodeIntegrationInWorker === true) problems.push('nodeIntegrationInWorker');
  if (prefs.nodeIntegrationInSubFrames === true) problems.push('nodeIntegrationInSubFrames');
  if (prefs.webSecurity === false) problems.push('webSecurity');
  if (prefs.allowRunningInsecureContent === true) problems.push('allowRunningInsecureContent');
  if (prefs.experimentalFeatures === true) problems.push('experimentalFeatures');
  if (typeof prefs.enableBlinkFeatures === 'string' && prefs.enableBlinkFeatures !== '') problems.push('enableBlinkFeatures');
  if (prefs.webviewTag === true) problems.push('webviewTag');
  return problems;
}
