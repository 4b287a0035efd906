/**
 * The browser session: the same signed token a bearer client gets, carried in an httpOnly cookie
 * so that no script in the page can read it (docs/SECURITY.md, "Browser sessions"). Pure
 * functions: the cookie's wire format and the same-origin rule that defends cookie requests
 * against cross-site request forgery.
 */

export const SESSION_COOKIE = 'testbed_session';
/** The API only: the web app's static files never need the cookie. */
export const SESSION_COOKIE_PATH = '/api';

type Headers = Record<string, string | string[] | undefined>;

function header(headers: Headers, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** The session cookie's value, if the request carries one. */
export function sessionCookieOf(headers: Headers): string | undefined {
  const cookie = header(headers, 'cookie');
  if (!cookie) return undefined;
  for (const part of cookie.split(';')) {
    const at = part.indexOf('=');
    if (at > 0 && part.slice(0, at).trim() === SESSION_COOKIE) {
      const value = part.slice(at + 1).trim();
      return value.length > 0 ? value : undefined;
    }
  }
  return undefined;
}

/** A request is authenticated by the cookie when it has no bearer token of its own. */
export function isCookieAuthenticated(headers: Headers): boolean {
  return header(headers, 'authorization') === undefined && sessionCookieOf(headers) !== undefined;
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * `Secure` everywhere but plain http on the machine itself (development, tests): a browser
 * keeps no Secure cookie from an http page, and outside localhost a session must not travel in
 * clear text at all.
 */
export function cookieIsSecure(protocol: string, hostname: string): boolean {
  return protocol === 'https' || !LOOPBACK_HOSTS.has(hostname.toLowerCase());
}

/** The Set-Cookie value that starts a session of `maxAgeSeconds`. */
export function sessionCookie(token: string, maxAgeSeconds: number, secure: boolean): string {
  return [
    `${SESSION_COOKIE}=${token}`,
    `Path=${SESSION_COOKIE_PATH}`,
    `Max-Age=${maxAgeSeconds}`,
    'HttpOnly',
    'SameSite=Strict',
    ...(secure ? ['Secure'] : []),
  ].join('; ');
}

/** The Set-Cookie value that ends it in the browser. */
export function clearedSessionCookie(secure: boolean): string {
  return sessionCookie('', 0, secure);
}

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Cross-site request forgery defence for requests the browser authenticates by itself (the
 * cookie) and for signing in (login CSRF): an unsafe method must come from the app's own
 * origin (a sign-in without a cookie only must not come from another one). Browsers send `Origin` on every cross-origin request and on same-origin POST, PUT,
 * PATCH and DELETE, and `Sec-Fetch-Site` on all of them; a request with neither is not from a
 * browser page and has no business using a cookie. `ownOrigins`: the origin the request was
 * addressed to, and PUBLIC_URL's. Says why it refuses, or undefined.
 */
export function crossSiteRefusal(
  method: string,
  headers: Headers,
  ownOrigins: readonly string[],
  { cookie }: { cookie: boolean },
): string | undefined {
  if (!UNSAFE_METHODS.has(method.toUpperCase())) return undefined;
  const origin = header(headers, 'origin');
  const fetchSite = header(headers, 'sec-fetch-site');
  if (origin !== undefined) {
    return ownOrigins.some((own) => own.toLowerCase() === origin.toLowerCase())
      ? undefined
      : `A request signed in by the session cookie must come from this site; Origin ${origin} is not ${ownOrigins[0]}.`;
  }
  if (fetchSite !== undefined) {
    return fetchSite === 'same-origin'
      ? undefined
      : `A request signed in by the session cookie must come from this site; Sec-Fetch-Site is ${fetchSite}.`;
  }
  // Signing in without a cookie from a non-browser client forges nothing: only a cookie request must prove its origin.
  return cookie
    ? 'A request signed in by the session cookie must carry Origin or Sec-Fetch-Site; API clients use a bearer token.'
    : undefined;
}
