/**
 * Names that identify the app to the operating system and to Salesforce. Shared because the
 * emulator's demo connected app must register exactly these callbacks.
 */
export const APP_NAME = 'Atom for Salesforce';
export const APP_ID = 'com.atomforsalesforce.app';
/** RFC 8252 §7.1: a reverse-DNS private-use scheme, not a short `myapp://`. */
export const DEEP_LINK_SCHEME = 'com.atomforsalesforce.app';
/** Deep-link OAuth redirect: `com.atomforsalesforce.app:/oauth/callback`. */
export const DEEP_LINK_REDIRECT_URI = `${DEEP_LINK_SCHEME}:/oauth/callback`;
/** Loopback fallback listener (fixed, configurable, because Salesforce matches callbacks exactly). */
export const DEFAULT_LOOPBACK_PORT = 17_017;
export const LOOPBACK_CALLBACK_PATH = '/oauth/callback';
/** Browser mode serves its own callback on the bridge origin. */
export const BROWSER_MODE_CALLBACK_PATH = '/oauth/callback';
export const DEFAULT_API_VERSION = '62.0';
