import { isAppUrl } from './app-origin';

/** The parts of Electron's WebFrameMain the sender check reads (kept structural so it is testable). */
export interface SenderFrameLike {
  readonly url: string;
  readonly parent: unknown;
}

/**
 * An IPC message is trusted only when it comes from the top-level frame of a page served from
 * `app://atom`. `senderFrame` is null when the frame navigated away or was destroyed before the
 * message was handled; an iframe (even a same-origin one) has a parent. Either way: untrusted.
 */
export function isTrustedSender(frame: SenderFrameLike | null | undefined): boolean {
  if (frame === null || frame === undefined || typeof frame !== 'object') return false;
  if (frame.parent !== null) return false;
  return isAppUrl(frame.url);
}
