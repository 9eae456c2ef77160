// `ssh://[user@]host[:port]` parsed by allow-list: nothing in it can reach ssh(1) as an option or a shell word.
import { UserError } from '../../errors.js';

/** The parts of an ssh host URI. */
export interface SshTarget {
  user?: string;
  host: string;
  port?: number;
}

// A user is a portable user name (letters, digits, '.', '_', '-'; not starting with '-'), a host a DNS name or IPv4
// address (letters, digits, '.', '_', '-'; starting with a letter or digit) or an IPv6 address in brackets with an
// optional zone. OpenSSH itself refuses most shell characters in them since 9.6 (ssh.c valid_hostname, valid_ruser);
// klee refuses them before ssh is started, and passes the destination after `--` (ssh's getopt stops there).
const USER = /^[A-Za-z0-9._][A-Za-z0-9._-]*$/;
const HOST = /^[A-Za-z0-9_][A-Za-z0-9._-]*$/;
const HOST6 = /^\[[0-9A-Fa-f:.]+(%[A-Za-z0-9._-]+)?\]$/;

/** Parse `ssh://[user@]host[:port]`; anything else is a UserError naming the part and what is wrong with it. */
export function parseSshUri(uri: string): SshTarget {
  const bad = (why: string): never => {
    throw new UserError(`bad ssh host ${JSON.stringify(uri)}: ${why}`, 'write it as ssh://[user@]host[:port], e.g. ssh://root@jails.example.org:2222');
  };
  // eslint-disable-next-line no-control-regex
  const ctl = /[\u0000-\u001f\u007f-\u009f]/.exec(uri);
  if (ctl) bad(`it contains the control character U+${ctl[0].charCodeAt(0).toString(16).padStart(4, '0').toUpperCase()}`);
  if (/\s/u.test(uri)) bad('it contains whitespace');
  if (!uri.startsWith('ssh://')) bad('expected ssh://[user@]host[:port]');
  const rest = uri.slice('ssh://'.length).replace(/\/$/, '');
  const at = rest.lastIndexOf('@');
  const user = at >= 0 ? rest.slice(0, at) : undefined;
  const hostPort = at >= 0 ? rest.slice(at + 1) : rest;
  const m = /^(\[[^\]]*\]|[^:]*)(?::([^:]*))?$/.exec(hostPort);
  if (!m) bad('expected ssh://[user@]host[:port] (an IPv6 address goes in brackets)');
  const [, host, port] = m!;
  if (user !== undefined) {
    if (user === '') bad('the user before "@" is empty');
    if (user.startsWith('-')) bad(`the user ${JSON.stringify(user)} begins with "-" (ssh would read it as an option)`);
    if (!USER.test(user)) bad(`the user ${JSON.stringify(user)} may hold only letters, digits, ".", "_" and "-"`);
  }
  if (host === '') bad('the host is empty');
  if (host.startsWith('-')) bad(`the host ${JSON.stringify(host)} begins with "-" (ssh would read it as an option)`);
  if (!HOST.test(host) && !HOST6.test(host)) {
    bad(`the host ${JSON.stringify(host)} is not a host name or address (letters, digits, ".", "_" and "-", or [IPv6])`);
  }
  let portNo: number | undefined;
  if (port !== undefined) {
    portNo = Number(port);
    if (!/^\d{1,5}$/.test(port) || portNo < 1 || portNo > 65535) bad(`the port ${JSON.stringify(port)} is not a number from 1 to 65535`);
  }
  return { user, host: host.replace(/^\[|\]$/g, ''), port: portNo };
}

/** The destination argument of ssh(1): `user@host` or `host` (an IPv6 address without brackets, as ssh takes it). */
export function sshDestination(t: SshTarget): string {
  return t.user ? `${t.user}@${t.host}` : t.host;
}
