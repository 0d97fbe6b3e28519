// The Close API base URL is a setting (tests, the demo and proxies change it). The key goes
// to whatever host it names, so only https is accepted, except plain http to this machine.
import * as l10n from '@vscode/l10n';

export type BaseUrlResult = { ok: true; url: string } | { ok: false; message: string };

export const DEFAULT_BASE_URL = 'https://api.close.com/api/v1';

export function parseBaseUrl(input: string): BaseUrlResult {
  const trimmed = input.trim();
  if (trimmed === '') {
    return fail(l10n.t('The Close API base URL is empty. Fix the closeCrm.apiBaseUrl setting, e.g. {0}.', DEFAULT_BASE_URL));
  }
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    // The input is not echoed: a key pasted into the wrong box must not end up in a message.
    return fail(l10n.t('The Close API base URL is not an absolute URL. Fix the closeCrm.apiBaseUrl setting, e.g. {0}.', DEFAULT_BASE_URL));
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return fail(l10n.t('The Close API base URL must start with https:// (got {0}). Fix the closeCrm.apiBaseUrl setting.', url.protocol));
  }
  if (url.username !== '' || url.password !== '') {
    return fail(l10n.t('The Close API base URL must not contain a user name or password. Fix the closeCrm.apiBaseUrl setting; the API key is set with "Close CRM: Set API Key".'));
  }
  if (url.search !== '' || trimmed.includes('?')) {
    return fail(l10n.t('The Close API base URL must not contain a query (?...). Fix the closeCrm.apiBaseUrl setting.'));
  }
  if (url.hash !== '' || trimmed.includes('#')) {
    return fail(l10n.t('The Close API base URL must not contain a fragment (#...). Fix the closeCrm.apiBaseUrl setting.'));
  }
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    return fail(
      l10n.t(
        'Plain http:// is accepted only for this machine by address (127.0.0.0/8, localhost, [::1]; not *.localhost names), so the API key never crosses a network unencrypted. Fix the closeCrm.apiBaseUrl setting to use https://{0}.',
        url.host,
      ),
    );
  }
  const path = url.pathname.replace(/\/+$/, '');
  return { ok: true, url: `${url.protocol}//${url.host}${path}` };
}

/**
 * 127.0.0.0/8, ::1 and exactly `localhost`. `hostname` as URL gives it (IPv6 in brackets).
 * `*.localhost` names are refused: they are looked up through DNS, which may answer anything.
 */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase();
  if (host === 'localhost') {
    return true;
  }
  if (host === '[::1]') {
    return true;
  }
  // URL has already normalised IPv4 forms (e.g. 127.1 -> 127.0.0.1).
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

function fail(message: string): BaseUrlResult {
  return { ok: false, message };
}
