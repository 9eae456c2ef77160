// A mount point missing in a container's root: jail(8) check_path (usr.sbin/jail/command.c) refuses the jail, so the
// plan refuses first, naming the path, and the host is left untouched.
import { afterEach, describe, expect, it } from 'vitest';
import { Sandbox } from './helpers.js';

const boxes: Sandbox[] = [];
afterEach(() => { while (boxes.length) boxes.pop()!.remove(); });

describe('mount points', () => {
  it('plan and up refuse a missing mount point by name; the host keeps its fresh state', async () => {
    const box = new Sandbox('webapp');
    boxes.push(box);
    const H = ['-H', box.host('missing=/jails/web/usr/local/www')];
    const plan = await box.klee(['plan', ...H]);
    expect(plan.code).not.toBe(0);
    expect(plan.stderr).toContain('container "web": mount target /usr/local/www is not a directory in its root /jails/web (jail(8) refuses to mount on /jails/web/usr/local/www)');
    const before = JSON.stringify((box.state() as any).interfaces);
    const up = await box.klee(['up', ...H]);
    expect(up.code).not.toBe(0);
    expect(JSON.stringify((box.state() as any).interfaces)).toBe(before);
    expect((box.state() as any).jails).toEqual([]);
  });
});
