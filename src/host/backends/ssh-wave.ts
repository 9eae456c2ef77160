// A wave of commands as one remote /bin/sh script, and the reader of its results: each command's exit status,
// stdout and stderr framed apart, reported in the order the commands finish (docs/executor.md "ssh waves").
import { shJoin, shQuote } from '../quote.js';

/** One command of a wave: an argv whose program is already an absolute path (src/host/tools.ts), its stdin. */
export interface WaveCommand {
  argv: readonly string[];
  stdin?: string;
}

/** What the reader reports for one command of the wave. */
export interface WaveResult {
  index: number;
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** Exit status of the script when its scratch directory or FIFO cannot be made: no command of the wave ran. */
export const WAVE_SETUP_FAILED = 125;

/**
 * The script for `/bin/sh -s` (bin/sh: POSIX XCU 2.9-2.14 constructs only). In a fresh private directory (mkdir
 * fails rather than follow anything already there) every command runs in the background with its own stdin (a
 * file, or /dev/null), stdout and stderr files; as each one ends it writes `<index> <status>` to a FIFO held open on
 * fd 3 (one short write, atomic: pipe(2) PIPE_BUF). The shell reads those lines one by one and prints each command's
 * frame at once, so a fast command is reported while a slow one still runs:
 * `@@<nonce> <index> <status>\n<stdout>\n@@<nonce>-e\n<stderr>\n@@<nonce>-x\n`. The nonce is random per wave, so no
 * command's output can end a frame early.
 */
export function waveScript(cmds: readonly WaveCommand[], dir: string, nonce: string): string {
  const L = [
    `d=${shQuote(dir)}`,
    `/bin/mkdir -m 700 "$d" || exit ${WAVE_SETUP_FAILED}`,
    `/usr/bin/mkfifo "$d/f" || exit ${WAVE_SETUP_FAILED}`,
    'exec 3<>"$d/f"',
  ];
  cmds.forEach((c, i) => {
    if (c.stdin !== undefined) L.push(`printf '%s' ${shQuote(c.stdin)} >"$d/${i}.i"`);
    const stdin = c.stdin !== undefined ? `"$d/${i}.i"` : '/dev/null';
    L.push(`{ ${shJoin(c.argv)}; echo "${i} $?" >&3; } <${stdin} >"$d/${i}.o" 2>"$d/${i}.e" &`);
  });
  const frame = `read i s <&3; printf '@@${nonce} %s %s\\n' "$i" "$s"; /bin/cat "$d/$i.o"; printf '\\n@@${nonce}-e\\n'; /bin/cat "$d/$i.e"; printf '\\n@@${nonce}-x\\n'`;
  for (let i = 0; i < cmds.length; i++) L.push(frame);
  L.push('exec 3>&-', '/bin/rm -rf "$d"');
  return `${L.join('\n')}\n`;
}

/** Reads the frames of one wave from its stdout as it arrives; `done` calls back once per complete frame. */
export class WaveReader {
  // Chunks since the last complete frame, joined only when an end mark arrives (a 4 MB `ifconfig -a` comes in
  // many chunks; joining each time would copy it over and over).
  private chunks: Buffer[] = [];
  private tail = Buffer.alloc(0);
  private readonly head: Buffer;
  private readonly errMark: Buffer;
  private readonly endMark: Buffer;

  constructor(nonce: string, private readonly done: (r: WaveResult) => void) {
    this.head = Buffer.from(`@@${nonce} `);
    this.errMark = Buffer.from(`\n@@${nonce}-e\n`);
    this.endMark = Buffer.from(`\n@@${nonce}-x\n`);
  }

  /** Take the next chunk of stdout and report every frame it completes. */
  push(chunk: Buffer): void {
    const window = Buffer.concat([this.tail, chunk]);
    this.chunks.push(chunk);
    this.tail = Buffer.from(window.subarray(Math.max(0, window.length - this.endMark.length + 1)));
    if (window.indexOf(this.endMark) < 0) return;
    let buf = Buffer.concat(this.chunks);
    for (;;) {
      // Anything before a header (a login shell's rc printing on stdout) belongs to no command.
      const h = buf.indexOf(this.head);
      if (h < 0) break;
      const nl = buf.indexOf(0x0a, h);
      if (nl < 0) break;
      const m = /^(\d+) (\d+)$/.exec(buf.toString('latin1', h + this.head.length, nl));
      if (!m) { buf = buf.subarray(nl + 1); continue; }
      const e = buf.indexOf(this.errMark, nl + 1);
      if (e < 0) break;
      const x = buf.indexOf(this.endMark, e + this.errMark.length);
      if (x < 0) break;
      const stdout = buf.toString('utf8', nl + 1, e);
      const stderr = buf.toString('utf8', e + this.errMark.length, x);
      buf = buf.subarray(x + this.endMark.length);
      this.done({ index: Number(m[1]), exitCode: Number(m[2]), stdout, stderr });
    }
    this.chunks = buf.length > 0 ? [Buffer.from(buf)] : [];
  }
}
