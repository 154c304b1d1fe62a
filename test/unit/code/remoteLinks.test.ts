// Commit links and permalinks per web host, from every remote URL form git takes; no credentials in a link.
import * as assert from 'node:assert/strict';
import { commitUrl, permalink, webRepository } from '../../../src/code/remoteLinks';

const SHA = '0123456789abcdef0123456789abcdef01234567';

describe('remote links: commit URLs and permalinks per host', () => {
  const cases: { host: string; remotes: string[]; commit: string; lines: string; line: string }[] = [
    {
      host: 'GitHub',
      remotes: [
        'https://github.com/acme/portal.git',
        'https://github.com/acme/portal',
        'https://ada:ghp_SECRET@github.com/acme/portal.git',
        'git@github.com:acme/portal.git',
        'ssh://git@github.com/acme/portal.git',
        'ssh://git@ssh.github.com:443/acme/portal.git',
      ],
      commit: `https://github.com/acme/portal/commit/${SHA}`,
      lines: `https://github.com/acme/portal/blob/${SHA}/src/app%20main.ts#L12-L20`,
      line: `https://github.com/acme/portal/blob/${SHA}/src/app%20main.ts#L12`,
    },
    {
      host: 'GitLab',
      remotes: [
        'https://gitlab.com/acme/web/portal.git',
        'https://oauth2:glpat-SECRET@gitlab.com/acme/web/portal.git',
        'git@gitlab.com:acme/web/portal.git',
        'ssh://git@gitlab.com:2222/acme/web/portal.git',
      ],
      commit: `https://gitlab.com/acme/web/portal/-/commit/${SHA}`,
      lines: `https://gitlab.com/acme/web/portal/-/blob/${SHA}/src/app%20main.ts#L12-20`,
      line: `https://gitlab.com/acme/web/portal/-/blob/${SHA}/src/app%20main.ts#L12`,
    },
    {
      host: 'Bitbucket',
      remotes: [
        'https://ada@bitbucket.org/acme/portal.git',
        'https://ada:app-SECRET@bitbucket.org/acme/portal.git',
        'git@bitbucket.org:acme/portal.git',
      ],
      commit: `https://bitbucket.org/acme/portal/commits/${SHA}`,
      lines: `https://bitbucket.org/acme/portal/src/${SHA}/src/app%20main.ts#lines-12:20`,
      line: `https://bitbucket.org/acme/portal/src/${SHA}/src/app%20main.ts#lines-12`,
    },
    {
      host: 'Azure DevOps',
      remotes: [
        'https://dev.azure.com/acme/Web/_git/portal',
        'https://acme@dev.azure.com/acme/Web/_git/portal',
        'https://acme:PAT-SECRET@dev.azure.com/acme/Web/_git/portal',
        'git@ssh.dev.azure.com:v3/acme/Web/portal',
        'acme@vs-ssh.visualstudio.com:v3/acme/Web/portal',
        'https://acme.visualstudio.com/Web/_git/portal',
        'https://acme.visualstudio.com/DefaultCollection/Web/_git/portal',
      ],
      commit: `https://dev.azure.com/acme/Web/_git/portal/commit/${SHA}`,
      lines:
        `https://dev.azure.com/acme/Web/_git/portal?path=%2Fsrc%2Fapp+main.ts&version=GC${SHA}` +
        '&line=12&lineEnd=21&lineStartColumn=1&lineEndColumn=1&lineStyle=plain&_a=contents',
      line:
        `https://dev.azure.com/acme/Web/_git/portal?path=%2Fsrc%2Fapp+main.ts&version=GC${SHA}` +
        '&line=12&lineEnd=13&lineStartColumn=1&lineEndColumn=1&lineStyle=plain&_a=contents',
    },
  ];
  for (const c of cases) {
    it(`${c.host}: the same links from every form of its remote URL`, () => {
      for (const remote of c.remotes) {
        const r = webRepository(remote);
        assert.ok(r, `${remote} is read`);
        assert.equal(commitUrl(r, SHA), c.commit, remote);
        assert.equal(permalink(r, SHA, 'src/app main.ts', 12, 20), c.lines, remote);
        assert.equal(permalink(r, SHA, 'src/app main.ts', 12, 12), c.line, remote);
        for (const link of [commitUrl(r, SHA), permalink(r, SHA, 'a.ts', 1, 2)]) {
          assert.ok(!/SECRET|@/.test(link), `no credentials in ${link}`);
        }
      }
    });
  }

  it('keeps a path’s #, ? and % in the path on every host, so the link opens that file at those lines', () => {
    const path = 'docs/a#b?c%d/ünï & co.md';
    for (const c of cases) {
      const link = new URL(permalink(webRepository(c.remotes[0])!, SHA, path, 3, 4));
      if (c.host === 'Azure DevOps') {
        assert.equal(link.searchParams.get('path'), `/${path}`, c.host);
        assert.equal(link.searchParams.get('line'), '3', c.host);
      } else {
        assert.ok(decodeURIComponent(link.pathname).endsWith(`/${SHA}/${path}`), `${c.host}: ${link.pathname}`);
        assert.ok(/^#(L|lines-)3/.test(link.hash), `${c.host}: ${link.hash}`);
      }
    }
  });

  it('gives no link for hosts it does not know, or URLs it cannot read', () => {
    for (const remote of [
      'https://git.example.com/acme/portal.git',
      'git@git.example.com:acme/portal.git',
      '/srv/git/portal.git',
      'file:///srv/git/portal.git',
      'C:\\repos\\portal',
      'https://github.com/acme',
      'https://github.com/acme/portal/extra',
      'https://dev.azure.com/acme/Web/portal',
      'not a url',
      '',
    ]) {
      assert.equal(webRepository(remote), undefined, remote);
    }
  });
});
