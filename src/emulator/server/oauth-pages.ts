/**
 * The authorize flow's HTML: login form, consent ("Allow Access?") and error pages. Plain forms
 * that POST back to this origin, no scripts, every dynamic value escaped.
 */
import { escapeHtml } from './http-util';

/** No scripts, no framing, no caching of pages that carry a pending-authorization id. */
export const PAGE_HEADERS: Record<string, string> = {
  'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'",
  'X-Frame-Options': 'DENY',
  'X-Content-Type-Options': 'nosniff',
  // same-origin (not no-referrer): browsers then send a real Origin on the form posts, and
  // nothing leaks to the redirect target.
  'Referrer-Policy': 'same-origin',
  'Cache-Control': 'no-store',
  Pragma: 'no-cache',
};

export const LOGIN_PATH = '/services/oauth2/authorize/login';
export const CONSENT_PATH = '/services/oauth2/authorize/consent';

/** Salesforce's wording for a failed login on its login page. */
export const LOGIN_ERROR_MESSAGE = "Please check your username and password. If you still can't log in, contact your Salesforce administrator.";

const STYLE = `
  body { font-family: -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; background: #f3f3f3; margin: 0; color: #16325c; }
  main { max-width: 380px; margin: 64px auto; background: #fff; border: 1px solid #d8dde6; border-radius: 4px; padding: 28px; }
  h1 { font-size: 20px; margin: 0 0 6px; }
  p.org { margin: 0 0 20px; color: #54698d; font-size: 13px; }
  p.hint { margin: 20px 0 0; color: #54698d; font-size: 12px; line-height: 1.5; }
  label { display: block; font-size: 13px; margin: 14px 0 4px; }
  input[type=text], input[type=password] { width: 100%; box-sizing: border-box; padding: 10px; font-size: 14px; border: 1px solid #d8dde6; border-radius: 4px; }
  button { margin-top: 20px; width: 100%; padding: 11px; font-size: 15px; border: 0; border-radius: 4px; background: #0070d2; color: #fff; cursor: pointer; }
  button.secondary { background: #fff; color: #0070d2; border: 1px solid #d8dde6; }
  .error { background: #fdeaea; border: 1px solid #c23934; color: #c23934; padding: 10px; border-radius: 4px; font-size: 13px; margin-bottom: 8px; }
  ul { font-size: 13px; padding-left: 20px; }
  .buttons { display: flex; gap: 12px; } .buttons button { flex: 1; }
`;

function page(title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>
`;
}

export function loginPage(opts: { pendingId: string; appName: string; username?: string; error?: string }): string {
  const error = opts.error ? `<div class="error" id="error" role="alert">${escapeHtml(opts.error)}</div>` : '';
  return page(
    'Login | Salesforce',
    `<h1>Log In</h1>
<p class="org">Salesforce emulator &middot; ${escapeHtml(opts.appName)} wants to connect</p>
${error}
<form method="post" action="${LOGIN_PATH}" id="login_form" autocomplete="off">
<input type="hidden" name="pending" value="${escapeHtml(opts.pendingId)}">
<label for="username">Username</label>
<input type="text" id="username" name="username" value="${escapeHtml(opts.username ?? '')}" required autofocus>
<label for="password">Password</label>
<input type="password" id="password" name="pw" required>
<button type="submit" id="Login" name="Login">Log In</button>
</form>
<p class="hint">This is the local Demo org. Atom for Salesforce shows its username and password on the Connections screen; <code>npm run emulator</code> prints them too.</p>`,
  );
}

export function consentPage(opts: { pendingId: string; appName: string; username: string; scopes: string[] }): string {
  const scopeText: Record<string, string> = {
    api: 'Manage user data via APIs',
    web: 'Manage user data via Web browsers',
    refresh_token: 'Perform requests at any time',
    offline_access: 'Perform requests at any time',
    id: 'Access the identity URL service',
    openid: 'Access unique user identifiers',
    profile: 'Access your basic information',
    email: 'Access your email address',
    address: 'Access your address',
    phone: 'Access your phone number',
    full: 'Full access',
  };
  const items = opts.scopes.map((s) => `<li>${escapeHtml(scopeText[s] ?? s)}</li>`).join('\n');
  return page(
    'Allow Access? | Salesforce',
    `<h1>Allow Access?</h1>
<p class="org">Logged in as ${escapeHtml(opts.username)}</p>
<p>${escapeHtml(opts.appName)} is asking to:</p>
<ul>
${items}
</ul>
<form method="post" action="${CONSENT_PATH}" id="consent_form">
<input type="hidden" name="pending" value="${escapeHtml(opts.pendingId)}">
<div class="buttons">
<button type="submit" class="secondary" id="oadeny" name="decision" value="deny">Deny</button>
<button type="submit" id="oaapprove" name="decision" value="allow">Allow</button>
</div>
</form>`,
  );
}

/**
 * Shown instead of redirecting when the redirect target itself cannot be trusted (unknown client,
 * unregistered callback), the way Salesforce shows `error=redirect_uri_mismatch` on its own page.
 */
export function errorPage(error: string, description: string): string {
  return page(
    'Error | Salesforce',
    `<h1>Remote Access Error</h1>
<div class="error" id="error" role="alert">
<p>error=${escapeHtml(encodeURIComponent(error))}&amp;error_description=${escapeHtml(encodeURIComponent(description))}</p>
</div>`,
  );
}
