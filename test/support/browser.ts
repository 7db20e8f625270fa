/**
 * A browser as far as sign-in needs one, for tests: it keeps each site's cookies (a cookie set with
 * Max-Age=0 or an Expires in the past is dropped), sends them back to that site, follows redirects
 * one at a time, and submits a page's form. Enough to walk through an identity provider's pages and
 * back, against real servers.
 */
export class TestBrowser {
  private readonly jar = new Map<string, Map<string, string>>();
  /** Every address visited, in order. */
  readonly visited: string[] = [];

  /** The cookies kept for `url`'s host. */
  cookies(url: string): Map<string, string> {
    const host = new URL(url).host;
    let cookies = this.jar.get(host);
    if (!cookies) this.jar.set(host, (cookies = new Map()));
    return cookies;
  }

  async request(url: string, init: RequestInit = {}): Promise<Response> {
    this.visited.push(url);
    const cookies = this.cookies(url);
    const headers = new Headers(init.headers);
    if (cookies.size) headers.set('cookie', [...cookies].map(([k, v]) => `${k}=${v}`).join('; '));
    const response = await fetch(url, { ...init, headers, redirect: 'manual' });
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';').map((s) => s.trim());
      const at = pair!.indexOf('=');
      const name = pair!.slice(0, at);
      const gone = attributes.some((a) => /^max-age=0$/i.test(a) || (/^expires=/i.test(a) && new Date(a.slice(8)).getTime() < Date.now()));
      if (gone) cookies.delete(name);
      else cookies.set(name, pair!.slice(at + 1));
    }
    return response;
  }

  /** Requests `url` and follows redirects (at most 20); answers the first answer that is not one. */
  async follow(url: string, init: RequestInit = {}): Promise<{ response: Response; url: string }> {
    let response = await this.request(url, init);
    let at = url;
    for (let hops = 0; response.status >= 300 && response.status < 400 && hops < 20; hops++) {
      at = new URL(response.headers.get('location')!, at).href;
      response = await this.request(at);
    }
    return { response, url: at };
  }

  /** Submits the first form of the page at `pageUrl` (whose HTML is `html`) with `fields` added to its hidden ones, and follows. */
  async submit(pageUrl: string, html: string, fields: Record<string, string> = {}): Promise<{ response: Response; url: string }> {
    const form = /<form[^>]*action="([^"]*)"[^>]*>([\s\S]*?)<\/form>/i.exec(html);
    if (!form) throw new Error(`No form on ${pageUrl}: ${html.slice(0, 300)}`);
    const hidden = [...form[2]!.matchAll(/<input[^>]*type="hidden"[^>]*name="([^"]+)"[^>]*value="([^"]*)"/gi)].map((m): [string, string] => [m[1]!, m[2]!]);
    const body = new URLSearchParams([...hidden, ...Object.entries(fields)]);
    return this.follow(new URL(form[1]!.replace(/&amp;/g, '&'), pageUrl).href, { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  }
}
