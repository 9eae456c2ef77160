// A git repository's origin, from the text of its config file and without running git (pure): what names a checkout
// the same wherever it is cloned, with no credentials.

/** The values of `key` in section `[section "subsection"]` of a git config text, in order (git-config(1) "Syntax"). */
export function gitConfigValues(text: string, section: string, subsection: string, key: string): string[] {
  const out: string[] = [];
  let inSection = false;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    const header = /^\[\s*([A-Za-z0-9.-]+)(?:\s+"((?:[^"\\]|\\.)*)")?\s*\]/.exec(line);
    if (header) {
      // Section names are case-insensitive, subsection names case-sensitive with \" and \\ escaped; the old
      // `[section.subsection]` form is lower-cased by git.
      const [name, sub] = header[2] !== undefined ? [header[1], header[2].replace(/\\(.)/g, '$1')] : splitDotted(header[1]);
      inSection = name.toLowerCase() === section && sub === subsection;
      continue;
    }
    if (!inSection) continue;
    const entry = /^([A-Za-z][A-Za-z0-9-]*)\s*(?:=\s*(.*))?$/.exec(line);
    if (entry && entry[1].toLowerCase() === key && entry[2] !== undefined) out.push(configValue(entry[2]));
  }
  return out;
}

/** `[remote.origin]` (git's deprecated form): name and lower-cased subsection. */
function splitDotted(s: string): [string, string | undefined] {
  const i = s.indexOf('.');
  return i < 0 ? [s, undefined] : [s.slice(0, i), s.slice(i + 1).toLowerCase()];
}

/** A value as git reads it: quotes removed, `\"` `\\` `\n` `\t` `\b` unescaped, an unquoted `#` or `;` starts a comment. */
function configValue(v: string): string {
  let out = '';
  let quoted = false;
  for (let i = 0; i < v.length; i++) {
    const c = v[i];
    if (c === '"') quoted = !quoted;
    else if (c === '\\' && i + 1 < v.length) {
      const n = v[++i];
      out += n === 'n' ? '\n' : n === 't' ? '\t' : n === 'b' ? '\b' : n;
    } else if (!quoted && (c === '#' || c === ';')) break;
    else out += c;
  }
  return out.trim();
}

/**
 * A remote URL as a checkout's identity: the host (lower-cased, with its port) and the repository path, without the
 * scheme, any `user[:password]@` (a token is often the user part), query or fragment, trailing `/` and `.git`; so
 * `https://ci:TOKEN@github.com/acme/infra.git` and `git@github.com:acme/infra` are both `github.com/acme/infra`. A
 * local path (or file:// URL) stays a path.
 */
export function remoteIdentity(url: string): string {
  const trim = (p: string) => p.replace(/[?#].*$/s, '').replace(/\/+$/, '').replace(/\.git$/, '');
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/(.*)$/s.exec(url);
  if (scheme) {
    if (scheme[1].toLowerCase() === 'file') return trim(scheme[2].replace(/^[^/]*/, ''));
    const rest = scheme[2];
    const slash = rest.search(/[/?#]/);
    const authority = slash < 0 ? rest : rest.slice(0, slash);
    const host = authority.slice(authority.lastIndexOf('@') + 1).toLowerCase();
    return trim(`${host}${slash < 0 ? '' : rest.slice(slash)}`);
  }
  // git's scp-like form, [user@]host:path: a colon before any slash (git-clone(1) "GIT URLS"; connect.c
  // url_is_local_not_ssh). The user part ends at the last '@' before `host:` (a credential may hold '@' and ':', as
  // in `user:p@ss@host:repo`); the path keeps its own '@' (`git@host:team@x/repo`).
  const scp = /^(?:[^/]*@)?([^:/@]+):(.*)$/s.exec(url);
  if (scp) return trim(`${scp[1].toLowerCase()}/${scp[2].replace(/^\/+/, '')}`);
  return trim(url);
}
