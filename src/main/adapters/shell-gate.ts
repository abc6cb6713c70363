/**
 * The only caller of `shell.openExternal` in the app. Every URL goes through the allowlist in
 * security/external-url.ts first; a refusal is an error with a reason, never a silent open.
 */
import { shell } from 'electron';
import type { LoginPageContext } from '../core/connections/connections.service';
import { checkExternalUrl, type ExternalUrlOptions } from '../security/external-url';

export class ExternalUrlRefusedError extends Error {
  constructor(readonly reason: string) {
    super(`Refused to open an external URL: ${reason}`);
    this.name = 'ExternalUrlRefusedError';
  }
}

export async function openExternalSafely(url: unknown, options: ExternalUrlOptions): Promise<void> {
  const verdict = checkExternalUrl(url, options);
  if (!verdict.allowed) throw new ExternalUrlRefusedError(verdict.reason);
  // activate: bring the browser forward so the user sees the Salesforce login page.
  // Electronegativity asks for a review of every openExternal: this is the app's only call, and
  // it opens only the URL the allowlist above returned (Salesforce login / My Domain / Lightning
  // hosts over https, the Demo org's own loopback login page, Salesforce Help for the Help menu).
  await shell.openExternal(verdict.url, { activate: true }); /* eng-disable OPEN_EXTERNAL_JS_CHECK */
}

/**
 * For the core's login flow: Salesforce login hosts, plus the Demo org's loopback login page when
 * the core says this is a Demo org login and names its origin.
 */
export function openLoginPageExternally(url: string, context: LoginPageContext = {}): Promise<void> {
  return openExternalSafely(url, { demoOrigin: context.demoOrigin });
}

/**
 * For links the renderer tries to open (window.open / target=_blank): Salesforce https, and the
 * quick lookup's tel: and plain mailto: links (the system's dialer and mail app).
 */
export function openRendererLinkExternally(url: string): Promise<void> {
  return openExternalSafely(url, { contactLinks: true });
}

/** For the application menu's Help item: Salesforce Help's pages (and what the other callers may open). */
export function openHelpPage(url: string): Promise<void> {
  return openExternalSafely(url, { helpPages: true });
}
