// Host files below /var/db/klee outlive the command that wrote them (as on any host); mv renames (bin/mv: rename(2)).
import { describe, expect, it } from 'vitest';
import { freshHost } from './helpers.js';

describe('kept host files and mv', () => {
  it('a file written below /var/db/klee is there for the next command; a scratch file elsewhere is not', async () => {
    const { sh } = await freshHost();
    const w = await sh('/bin/sh', '-c', 'mkdir -p /var/db/klee/jails && echo a > /var/db/klee/jails/x.new && mv -f /var/db/klee/jails/x.new /var/db/klee/jails/x && echo b > /tmp/y');
    expect([w.exitCode, w.stderr]).toEqual([0, '']);
    expect((await sh('cat', '/var/db/klee/jails/x')).stdout).toBe('a\n');
    const gone = await sh('cat', '/var/db/klee/jails/x.new', '/tmp/y');
    expect([gone.exitCode, gone.stderr]).toEqual([1, 'cat: /var/db/klee/jails/x.new: No such file or directory\ncat: /tmp/y: No such file or directory\n']);
    // its directory exists while a file is in it: no mkdir needed for the next write
    expect((await sh('/bin/sh', '-c', 'echo c > /var/db/klee/jails/z')).exitCode).toBe(0);
    expect((await sh('rm', '-f', '/var/db/klee/jails/x', '/var/db/klee/jails/z')).exitCode).toBe(0);
    expect((await sh('cat', '/var/db/klee/jails/x')).exitCode).toBe(1);
  });

  it('mv of a missing file, into a missing directory, or with a wrong argument count fails as bin/mv does', async () => {
    const { sh } = await freshHost();
    expect((await sh('mv', '-f', '/tmp/none', '/tmp/b')).stderr).toBe('mv: rename /tmp/none to /tmp/b: No such file or directory\n');
    expect((await sh('/bin/sh', '-c', 'echo a > /tmp/a && mv /tmp/a /nodir/b')).stderr).toBe('mv: rename /tmp/a to /nodir/b: No such file or directory\n');
    expect((await sh('mv', '/tmp/a')).stderr).toMatch(/^usage: mv /);
  });
});
