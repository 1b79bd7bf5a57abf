/**
 * The URL a request to `path` under `baseURL` goes to, as an error may show it: scheme, host,
 * port and path, never credentials, query or fragment. Undefined when `baseURL` is not an
 * http(s) URL.
 */
export function endpointURL(baseURL: string, path: string): string | undefined {
  const url = URL.parse(baseURL);
  if (url === null || (url.protocol !== "http:" && url.protocol !== "https:")) return undefined;
  return `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, "")}${path}`;
}

const URL_IN_TEXT = /\b[a-z][a-z0-9+.-]*:\/\/[^\s"'<>()]+/gi;

/**
 * Text (an SDK's or a network error's message) with every URL cut to scheme, host, port and
 * path: credentials (`user:pass@`), query strings (`?key=…`) and fragments are left out.
 */
export function hideURLDetails(text: string): string {
  return text.replace(URL_IN_TEXT, (found) => {
    const url = URL.parse(found);
    if (url !== null && url.host !== "") return `${url.protocol}//${url.host}${url.pathname}`;
    return found.replace(/^([^:]+:\/\/)[^/@]*@/, "$1").replace(/[?#].*$/, "");
  });
}
