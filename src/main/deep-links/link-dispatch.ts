/**
 * Where a validated deep link goes: a login callback to the login queue (the core finishes the
 * pending login), a record or search link to the main window as an `open-route` navigation, with
 * the record's object read from its key prefix. Refusals are reported by reason only: a link can
 * carry a login code or what the user searched for, so it is never logged itself.
 */
import { openRouteOf, type OpenRoute } from '../../shared/deep-links';
import type { ObjectRegistry } from '../../shared/objects/registry';
import type { AppLinkResult } from './deep-link';

export interface LinkTargets {
  login(url: string): void;
  route(route: OpenRoute): void;
  refused(reason: string): void;
}

export function dispatchAppLink(link: AppLinkResult, targets: LinkTargets, registry?: ObjectRegistry): void {
  if (!link.ok) {
    // Nothing on the command line is the normal case, not a refusal.
    if (link.reason !== 'No deep link') targets.refused(link.reason);
    return;
  }
  if (link.kind === 'oauth') targets.login(link.url);
  else targets.route(openRouteOf(link.route, registry));
}
