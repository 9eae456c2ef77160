// Names the kernel chooses when a command runs (`ifconfig epair create` prints the epair it made, `epair3a`), referred to
// by the plan's later commands before anyone knows them. A reference is the name's key between two NUL bytes: no
// argument can hold a NUL (execve(2) takes C strings), so no text klee passes, from the file or from the host, can
// be mistaken for one. The executor fills references in as the names become known; the views show them readably.

const NUL = '\u0000';
const REF = /\u0000([^\u0000]*)\u0000/g;

/** A command prints a name the kernel chose: `key` stands for it in later commands, without `suffix` (`a`: the a side). */
export interface KernelName {
  key: string;
  suffix: string;
}

/** The text that stands for the name `key` in an argument, stdin or undo command until it is known. */
export function nameRef(key: string): string {
  return `${NUL}${key}${NUL}`;
}

/** Does the text refer to a name the kernel has not chosen yet? */
export function hasNameRef(text: string): boolean {
  return text.includes(NUL);
}

/** The text with every reference replaced by `show(key)`. */
export function showNameRefs(text: string, show: (key: string) => string): string {
  return hasNameRef(text) ? text.replace(REF, (_m, key: string) => show(key)) : text;
}

/** The text split into literal parts and references, in order (for the shell script's quoting). */
export function splitNameRefs(text: string): { literal?: string; key?: string }[] {
  const out: { literal?: string; key?: string }[] = [];
  let at = 0;
  for (const m of text.matchAll(REF)) {
    if (m.index > at) out.push({ literal: text.slice(at, m.index) });
    out.push({ key: m[1] });
    at = m.index + m[0].length;
  }
  if (at < text.length || out.length === 0) out.push({ literal: text.slice(at) });
  return out;
}

/** The text with the known names filled in; throws on a reference to a name not chosen yet (a planner bug: the
 * command would run before the one that prints it). */
export function fillNameRefs(text: string, names: ReadonlyMap<string, string>): string {
  return showNameRefs(text, (key) => {
    const v = names.get(key);
    if (v === undefined) throw new Error(`plan: a command refers to the name ${key} before the command that prints it ran`);
    return v;
  });
}

/** The name a command printed (its first line), without the suffix; undefined when it is not `<interface name><suffix>`. */
export function readKernelName(stdout: string, n: KernelName): string | undefined {
  const line = stdout.split('\n')[0].trim();
  // An interface name: at most 15 bytes (IFNAMSIZ is 16 with the NUL, sys/net/if.h), no blank or shell character.
  if (!line.endsWith(n.suffix) || line.length > 15 || !/^[A-Za-z][A-Za-z0-9._:]*$/.test(line)) return undefined;
  const stem = line.slice(0, line.length - n.suffix.length);
  return stem === '' ? undefined : stem;
}

/** The keys of the names a list of texts refers to, in first-seen order. */
export function refKeys(texts: Iterable<string>): string[] {
  const out = new Set<string>();
  for (const t of texts) for (const m of t.matchAll(REF)) out.add(m[1]);
  return [...out];
}
