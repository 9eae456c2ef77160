// A checkout's origin from its git config text, and the origin as an identity without credentials (src/cli/git-remote.ts).
import { describe, expect, it } from 'vitest';
import { gitConfigValues, remoteIdentity } from '../../src/cli/git-remote.js';

describe('gitConfigValues', () => {
  const config = [
    '[core]', '\trepositoryformatversion = 0', '\turl = not-this-one',
    '[remote "upstream"]', '\turl = https://example.com/up.git',
    '[Remote "origin"]  # the one', '\tURL = "https://example.com/a b.git" ; comment', '\turl = https://example.com/second.git',
    '\tfetch = +refs/heads/*:refs/remotes/origin/*',
    '[remote "Origin"]', '\turl = https://example.com/case.git',
    '[branch "main"]', '\tremote = origin',
  ].join('\n');

  it('reads the values of one key of one subsection, in order; names case-insensitive, subsections not', () => {
    expect(gitConfigValues(config, 'remote', 'origin', 'url')).toEqual(['https://example.com/a b.git', 'https://example.com/second.git']);
    expect(gitConfigValues(config, 'remote', 'upstream', 'url')).toEqual(['https://example.com/up.git']);
    expect(gitConfigValues(config, 'remote', 'none', 'url')).toEqual([]);
  });

  it.each([
    ['[remote.origin]\n\turl = /srv/old-form.git', '/srv/old-form.git'],
    ['[remote "origin"]\r\n\turl = https://example.com/crlf.git\r\n', 'https://example.com/crlf.git'],
    ['[remote "origin"]\n\turl = "/srv/quoted \\"x\\"#1" # comment', '/srv/quoted "x"#1'],
    ['[remote "origin"]\n# url = /commented\n\turl=/srv/no-blanks', '/srv/no-blanks'],
    ['[remote "or\\"igin"]\n\turl = /srv/escaped', undefined],
    ['[remote "origin"]\n\turl\n\turl = /srv/after-a-bare-key', '/srv/after-a-bare-key'],
  ])('%j', (text, url) => {
    expect(gitConfigValues(text, 'remote', 'origin', 'url')[0]).toBe(url);
  });
});

describe('remoteIdentity: the same repository however it is reached, and never a credential', () => {
  it.each([
    ['https://github.com/acme/infra.git', 'github.com/acme/infra'],
    ['https://ci-bot:ghp_S3cret@GitHub.com/acme/infra.git/', 'github.com/acme/infra'],
    ['https://x-access-token:p@ss@word@github.com/acme/infra', 'github.com/acme/infra'],
    ['https://ghp_TOKENONLY@github.com/acme/infra.git', 'github.com/acme/infra'],
    ['https://github.com/acme/infra.git?private_token=s3cret#frag', 'github.com/acme/infra'],
    ['ssh://git@github.com:22/acme/infra.git', 'github.com:22/acme/infra'],
    ['git@github.com:acme/infra.git', 'github.com/acme/infra'],
    ['deploy:s3cret@git.example.com:/srv/infra.git', 'git.example.com/srv/infra'],
    ['deploy:p@ss@git.example.com:infra', 'git.example.com/infra'],
    ['a@b:ghp_TOK@git.example.com:infra', 'git.example.com/infra'],
    ['git@git.example.com:team@x/infra', 'git.example.com/team@x/infra'],
    ['git.example.com:dir/x@y:z', 'git.example.com/dir/x@y:z'],
    ['./dir:x/infra', './dir:x/infra'],
    ['git://git.example.com/infra', 'git.example.com/infra'],
    ['file:///srv/git/infra.git', '/srv/git/infra'],
    ['/srv/git/infra.git', '/srv/git/infra'],
    ['../infra', '../infra'],
    ['https://example.com', 'example.com'],
  ])('%s -> %s', (url, id) => {
    expect(remoteIdentity(url)).toBe(id);
    expect(remoteIdentity(url)).not.toMatch(/s3cret|ghp_|p@ss|token|deploy|ci-bot/i);
  });
});
