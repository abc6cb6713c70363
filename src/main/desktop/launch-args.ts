/**
 * `--quick-lookup` on the command line opens the quick-lookup window: of a running app (a second
 * launch hands it over, as it does links) or of the app it starts. It is the way in where the
 * global shortcut cannot be had — another application holds it, or the session gives applications
 * no global shortcuts at all (many Wayland compositors): the desktop's own keyboard settings can
 * run `atom-for-salesforce --quick-lookup` instead.
 */
export const QUICK_LOOKUP_SWITCH = '--quick-lookup';

/** Whether a launch asks for the quick lookup: the switch on its command line, or in what a second instance handed over. */
export function wantsQuickLookup(argv: readonly unknown[], additionalData?: unknown): boolean {
  if (additionalData !== null && typeof additionalData === 'object' && (additionalData as { quickLookup?: unknown }).quickLookup === true) return true;
  return Array.isArray(argv) && argv.some((arg) => arg === QUICK_LOOKUP_SWITCH);
}
