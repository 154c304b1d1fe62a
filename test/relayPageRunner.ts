// Runs the shipped relay page's own script (media/relay.html) in node:vm, with the few browser objects it
// touches: location (search, replace) and four elements found by id. Unit and integration tests use it, so
// what they exercise is the file users host, never a copy of its logic.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vm from 'node:vm';

export interface RelayPage {
  html: string;
  /** The inline script, as the browser runs it (its hash is in the page's CSP). */
  script: string;
  style: string;
  /** The content of the `zendesk-relay-allowed-https-hosts` meta tag as shipped. */
  allowedHosts: string;
}

/** What the page did: where it sent the browser, or what it told the user. */
export interface RelayPageRun {
  replacedWith?: string;
  title?: string;
  message?: string;
  link?: string;
}

/** media/relay.html, found by walking up from `from` (out/test/... or the extension's folder). */
export function findRepoFile(rel: string, from: string = __dirname): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, rel);
    if (fs.existsSync(candidate)) return candidate;
    if (path.dirname(dir) === dir) throw new Error(`${rel} not found above ${from}`);
  }
}

export function loadRelayPage(file: string = findRepoFile('media/relay.html')): RelayPage {
  const html = fs.readFileSync(file, 'utf8');
  const part = (re: RegExp, what: string): string => {
    const m = re.exec(html);
    if (!m) throw new Error(`${file} has no ${what}`);
    return m[1];
  };
  return {
    html,
    script: part(/<script>([\s\S]*?)<\/script>/, '<script>'),
    style: part(/<style>([\s\S]*?)<\/style>/, '<style>'),
    allowedHosts: part(/id="allowed-hosts"[^>]*content="([^"]*)"/, 'allowed-hosts meta tag'),
  };
}

/**
 * Opens the page at `?search` as a browser would after Zendesk's redirect. `allowedHosts` stands for an
 * edited meta tag (the hosting step of docs/relay.md); by default the tag as shipped.
 */
export function runRelayPage(page: RelayPage, search: string, allowedHosts: string = page.allowedHosts): RelayPageRun {
  const run: RelayPageRun = {};
  const elements: Record<string, object> = {
    title: {
      set textContent(v: string) {
        run.title = v;
      },
    },
    message: {
      set textContent(v: string) {
        run.message = v;
      },
    },
    open: {
      hidden: true,
      setAttribute: (name: string, v: string) => {
        if (name === 'href') run.link = v;
      },
    },
    'allowed-hosts': { getAttribute: (name: string) => (name === 'content' ? allowedHosts : null) },
  };
  const sandbox = {
    location: {
      search,
      replace: (url: string) => {
        run.replacedWith = url;
      },
    },
    document: { getElementById: (id: string) => elements[id] ?? null },
    URL,
    URLSearchParams,
    atob,
    TextDecoder,
  };
  vm.runInNewContext(page.script, sandbox, { filename: 'media/relay.html', timeout: 1000 });
  return run;
}
