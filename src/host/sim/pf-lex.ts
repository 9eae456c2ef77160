// pf.conf's tokens as sbin/pfctl/parse.y yylex() cuts them: quoted strings, `->`, `<>`/`><`, numbers, strings
// (keywords looked up in its table), single characters, and newlines ending statements.

/** One token: a keyword, a string, a number, a single character, `->`, a port range operator, or the end of a line. */
export interface Token {
  t: 'kw' | 'str' | 'num' | 'char' | 'arrow' | 'portbinary' | 'nl';
  v: string;
  line: number;
}

/**
 * parse.y lookup(): every keyword of pf.conf (the table is the grammar's, sorted there for bsearch). Exported for the
 * tests that try each of parse.y's keywords as an interface name (pfctl reads a bare one as the keyword).
 */
export const PF_KEYWORDS = new Set([
  'all', 'allow-opts', 'altq', 'anchor', 'antispoof', 'any', 'bandwidth', 'binat', 'binat-anchor', 'bitmask', 'block',
  'block-policy', 'bridge-to', 'buckets', 'cbq', 'code', 'codelq', 'debug', 'divert-reply', 'divert-to', 'dnpipe',
  'dnqueue', 'drop', 'dup-to', 'ether', 'fail-policy', 'fairq', 'fastroute', 'file', 'fingerprints', 'flags', 'floating',
  'flush', 'for', 'fragment', 'from', 'global', 'group', 'hfsc', 'hogs', 'hostid', 'icmp-type', 'icmp6-type', 'if-bound',
  'in', 'include', 'inet', 'inet6', 'interval', 'keep', 'keepcounters', 'l3', 'label', 'limit', 'linkshare', 'load', 'log',
  'loginterface', 'map-e-portset', 'match', 'max', 'max-mss', 'max-src-conn', 'max-src-conn-rate', 'max-src-nodes',
  'max-src-states', 'min-ttl', 'modulate', 'nat', 'nat-anchor', 'no', 'no-df', 'no-route', 'no-sync', 'on', 'optimization',
  'os', 'out', 'overload', 'pass', 'port', 'prio', 'priority', 'priq', 'probability', 'proto', 'qlimit', 'queue', 'quick',
  'random', 'random-id', 'rdr', 'rdr-anchor', 'realtime', 'reassemble', 'reply-to', 'require-order', 'return',
  'return-icmp', 'return-icmp6', 'return-rst', 'ridentifier', 'round-robin', 'route', 'route-to', 'rtable', 'rule',
  'ruleset-optimization', 'scrub', 'set', 'set-tos', 'skip', 'sloppy', 'source-hash', 'source-track', 'state',
  'state-defaults', 'state-policy', 'static-port', 'sticky-address', 'syncookies', 'synproxy', 'table', 'tag', 'tagged',
  'target', 'tbrsize', 'timeout', 'to', 'tos', 'ttl', 'upperlimit', 'urpf-failed', 'user',
]);

const isDigit = (c: string) => c >= '0' && c <= '9';
const isAlnum = (c: string) => /^[A-Za-z0-9]$/.test(c);
/** parse.y allowed_to_end_number. */
const endsNumber = (c: string | undefined) => c === undefined || /[\s),/}=]/.test(c);
/** parse.y allowed_in_string: alphanumerics and punctuation except ( ) { } < > ! = / # , */
const inString = (c: string | undefined) => c !== undefined && (isAlnum(c) || (/[!-/:-@[-`{-~]/.test(c) && !'(){}<>!=/#,'.includes(c)));

/** Cut pf.conf text into tokens (yylex); a quote left open is reported as parse.y's lgetc does. */
export function lexPf(text: string): { tokens: Token[]; error?: { line: number; msg: string } } {
  const tokens: Token[] = [];
  let error: { line: number; msg: string } | undefined;
  let line = 1;
  let i = 0;
  const push = (t: Token['t'], v: string, at = line) => tokens.push({ t, v, line: at });
  while (i < text.length) {
    const c = text[i];
    if (c === '\\' && text[i + 1] === '\n') { i += 2; line++; continue; } // lgetc: backslash-newline continues the line
    if (c === ' ' || c === '\t') { i++; continue; }
    if (c === '#') { while (i < text.length && text[i] !== '\n') i++; continue; }
    if (c === '\n') { push('nl', '\n'); line++; i++; continue; }
    if (c === '"' || c === "'") {
      const start = line;
      let v = '';
      i++;
      for (;;) {
        // lgetc(quotec) at EOF: the error, then the quote character, which ends the string as if it were there.
        if (i >= text.length) { error = { line, msg: 'reached end of file while parsing quoted string' }; break; }
        const d = text[i++];
        if (d === '\n') { line++; continue; }
        if (d === '\\' && (text[i] === c || text[i] === '\n')) { if (text[i++] === '\n') line++; else v += c; continue; }
        if (d === c) break;
        v += d;
      }
      push('str', v, start);
      continue;
    }
    if (c === '<' && text[i + 1] === '>') { push('portbinary', '<>'); i += 2; continue; }
    if (c === '>' && text[i + 1] === '<') { push('portbinary', '><'); i += 2; continue; }
    if (c === '-' && text[i + 1] === '>') { push('arrow', '->'); i += 2; continue; }
    if (c === '-' || isDigit(c)) {
      let k = i + 1;
      while (k < text.length && isDigit(text[k])) k++;
      const digits = text.slice(i, k);
      if (digits !== '-' && endsNumber(text[k])) { push('num', digits); i = k; continue; }
      if (c === '-') { push('char', '-'); i++; continue; }
    }
    if (isAlnum(c) || c === ':' || c === '_') {
      let k = i + 1;
      while (k < text.length && inString(text[k])) k++;
      const v = text.slice(i, k);
      push(PF_KEYWORDS.has(v) ? 'kw' : 'str', v);
      i = k;
      continue;
    }
    push('char', c);
    i++;
  }
  return { tokens, error };
}
