// Links to a commit and to lines of a file at a commit on the repository's web host, from the remote's URL as git
// has it (https, ssh:// or scp-like `git@host:owner/repo.git`). GitHub, GitLab, Bitbucket Cloud and Azure DevOps; any
// other host gets no link rather than a guessed one. User names, passwords and tokens in a remote URL never reach a
// link. No `vscode` import.
//
// The URL shapes are the hosts' own:
// - GitHub: https://docs.github.com/en/repositories/working-with-files/using-files/getting-permanent-links-to-files
// - GitLab: https://docs.gitlab.com/ee/user/project/repository/files/#link-to-specific-lines (`/-/blob/`, `/-/commit/`)
// - Bitbucket Cloud: https://support.atlassian.com/bitbucket-cloud/docs/link-to-a-line-or-lines-in-a-file/ (`#lines-`)
// - Azure DevOps: https://learn.microsoft.com/en-us/azure/devops/repos/git/clone (remote URL shapes), and the file
//   view's own query (`path`, `version=GC<commit>`, `line`, `lineEnd`).

export type HostKind = 'github' | 'gitlab' | 'bitbucket' | 'azure';

/** A repository on a web host: enough to build its links. */
export interface WebRepository {
  kind: HostKind;
  /** `https://github.com/owner/repo`, `https://dev.azure.com/org/project/_git/repo`: no trailing slash, no `.git`. */
  base: string;
}

/** The scheme, host and path of a remote URL, whichever form git was given. */
function parts(remote: string): { host: string; path: string } | undefined {
  const text = remote.trim();
  // scp-like: [user@]host:path (no scheme; a colon before any slash)
  const scp = /^(?:[^@/\s]+@)?([^:/\s]+):(?!\/\/)(.+)$/.exec(text);
  if (scp && !/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) return { host: scp[1].toLowerCase(), path: scp[2] };
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return undefined;
  }
  if (!['https:', 'http:', 'ssh:', 'git:', 'git+ssh:', 'ssh+git:'].includes(url.protocol)) return undefined;
  // url.hostname drops the port and any user:password@ before it: neither belongs in a web link.
  return { host: url.hostname.toLowerCase(), path: decodeURIComponent(url.pathname) };
}

function kindOf(host: string): HostKind | undefined {
  if (host === 'github.com' || host === 'ssh.github.com') return 'github';
  if (host === 'gitlab.com') return 'gitlab';
  if (host === 'bitbucket.org') return 'bitbucket';
  if (host === 'dev.azure.com' || host === 'ssh.dev.azure.com' || host === 'vs-ssh.visualstudio.com') return 'azure';
  if (host.endsWith('.visualstudio.com')) return 'azure';
  return undefined;
}

const segment = (s: string) => encodeURIComponent(s);

/** The web repository a remote URL names, or undefined for a host this does not know or a URL it cannot read. */
export function webRepository(remote: string): WebRepository | undefined {
  const p = parts(remote);
  if (!p) return undefined;
  const kind = kindOf(p.host);
  if (!kind) return undefined;
  const path = p.path
    .replace(/^\/+|\/+$/g, '')
    .replace(/\.git$/, '')
    .split('/')
    .filter(Boolean);
  if (kind === 'azure') return azureRepository(p.host, path);
  // owner/repo, and GitLab's groups/subgroups/repo
  if (path.length < 2 || (kind !== 'gitlab' && path.length !== 2)) return undefined;
  const host = p.host === 'ssh.github.com' ? 'github.com' : p.host;
  return { kind, base: `https://${host}/${path.map(segment).join('/')}` };
}

/**
 * Azure DevOps names a repository three ways: https://dev.azure.com/ORG/PROJECT/_git/REPO,
 * https://ORG.visualstudio.com[/DefaultCollection]/PROJECT/_git/REPO, and over ssh
 * git@ssh.dev.azure.com:v3/ORG/PROJECT/REPO (or ORG@vs-ssh.visualstudio.com:v3/ORG/PROJECT/REPO).
 */
function azureRepository(host: string, path: string[]): WebRepository | undefined {
  let org: string | undefined;
  let project: string | undefined;
  let repo: string | undefined;
  if (path[0] === 'v3' && path.length === 4) [, org, project, repo] = path;
  else if (host === 'dev.azure.com' && path.length === 4 && path[2] === '_git') [org, project, , repo] = path;
  else if (host.endsWith('.visualstudio.com') && host !== 'vs-ssh.visualstudio.com') {
    const rest = path[0]?.toLowerCase() === 'defaultcollection' ? path.slice(1) : path;
    if (rest.length === 3 && rest[1] === '_git') {
      org = host.slice(0, -'.visualstudio.com'.length);
      [project, , repo] = rest;
    }
  }
  if (!org || !project || !repo) return undefined;
  return { kind: 'azure', base: `https://dev.azure.com/${[org, project, '_git', repo].map(segment).join('/')}` };
}

/** The commit's page. */
export function commitUrl(r: WebRepository, sha: string): string {
  const c = segment(sha);
  switch (r.kind) {
    case 'github':
      return `${r.base}/commit/${c}`;
    case 'gitlab':
      return `${r.base}/-/commit/${c}`;
    case 'bitbucket':
      return `${r.base}/commits/${c}`;
    case 'azure':
      return `${r.base}/commit/${c}`;
  }
}

/** Lines `start`–`end` (1-based, inclusive) of `path` (relative to the repository, `/`-separated) at commit `sha`. */
export function permalink(r: WebRepository, sha: string, path: string, start: number, end: number): string {
  const file = path.split('/').filter(Boolean).map(segment).join('/');
  const c = segment(sha);
  const one = start === end;
  switch (r.kind) {
    case 'github':
      return `${r.base}/blob/${c}/${file}#L${start}${one ? '' : `-L${end}`}`;
    case 'gitlab':
      return `${r.base}/-/blob/${c}/${file}#L${start}${one ? '' : `-${end}`}`;
    case 'bitbucket':
      return `${r.base}/src/${c}/${file}#lines-${start}${one ? '' : `:${end}`}`;
    case 'azure': {
      const q = new URLSearchParams({
        path: `/${path.split('/').filter(Boolean).join('/')}`,
        version: `GC${sha}`,
        line: String(start),
        lineEnd: String(end + 1),
        lineStartColumn: '1',
        lineEndColumn: '1',
        lineStyle: 'plain',
        _a: 'contents',
      });
      return `${r.base}?${q.toString()}`;
    }
  }
}
