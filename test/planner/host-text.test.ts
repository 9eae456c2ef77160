// Text the host supplies (a foreign jail's meta, an interface description) cannot forge a line of klee's output:
// kern_jailmeta.c takes any bytes as a jail's meta, ifconfig(8) description any string.
import { describe, expect, it } from 'vitest';
import { shownSource } from '../../src/host/labels.js';
import { parseMountP } from '../../src/host/parse/mount.js';
import { parseIfconfig } from '../../src/host/parse/ifconfig.js';
import { hostText, UNSHOWABLE } from '../../src/host/quote.js';
import { planUnmounts } from '../../src/planner/kinds/unmount.js';
import { ownership } from '../../src/host/ownership.js';
import { jailMeta } from '../../src/host/labels.js';
import { freshHost, jail } from './builders.js';
import { PlanError } from '../../src/planner/errors.js';
import { plan } from '../../src/planner/plan.js';
import { ctr, net, spec } from './builders.js';
import { simBox } from './sim-apply.js';

const P = 'proj';
const FORGED = 'x"\n\u001b[2K\rNo changes. The host matches kleene.yaml.\u009b2J\u2028';

/** The problems a plan of `s` on the box's host refuses with. */
async function problems(box: ReturnType<typeof simBox>, s: ReturnType<typeof spec>): Promise<string[]> {
  try { plan(s, await box.state(), { host: 'test' }); } catch (e) { if (e instanceof PlanError) return e.problems; throw e; }
  throw new Error('expected a PlanError');
}

describe('host-supplied text in messages', () => {
  it('hostText and shownSource agree on what cannot be shown (UNSHOWABLE): controls, line separators, bidi marks, overrides, isolates', () => {
    for (let code = 0; code < 0x3000; code++) {
      const c = String.fromCharCode(code);
      if (c === '"' || c === '\\') continue; // JSON escapes these, and they are showable
      expect([code, hostText(c).includes(c)]).toEqual([code, !UNSHOWABLE.test(c)]);
      expect([code, shownSource(encodeURIComponent(c)) === c]).toEqual([code, !UNSHOWABLE.test(c)]);
    }
    const bidi = 'a\u202eb\u2066c\u200fd\u061c';
    expect(hostText(bidi)).toBe('"a\\u202eb\\u2066c\\u200fd\u061c"');
    expect(JSON.parse(hostText(bidi))).toBe(bidi);
  });

  it('mount -p and ifconfig lines and mount-table text in unmount warnings are quoted (hostText)', () => {
    const evil = '\u202e/x\u009by';
    expect(parseMountP(`${evil}\n`).warnings).toEqual([`mount -p line 1 is not "<from> <on> <fstype> <options> <dump> <pass>": ${hostText(evil)}`]);
    const w = parseIfconfig(`lo0: flags=8049<UP,LOOPBACK,RUNNING,MULTICAST> metric 0 mtu 16384\n${evil}\n`, 'ifconfig').warnings;
    expect(w).toEqual([`ifconfig: line 2: not an ifconfig line, ignored: ${hostText(evil)}`]);
    const h = freshHost();
    h.jails = [jail('p_a', { jid: 1, path: '/r', meta: jailMeta('p', 'a', '0a', [{ fstype: 'nullfs', target: '/r/srv' }]) })];
    h.mounts = [{ source: '/d', target: '/r/srv', fstype: 'nullfs', options: 'rw' }, { source: '/e', target: `/r/srv/${evil}`, fstype: `u\u202efs`, options: 'rw' }];
    const u = planUnmounts(h, ownership(h, 'p').jails);
    expect(u.warnings).toEqual([`jail "p_a": its nullfs on "/r/srv" is left mounted: ${hostText('u\u202efs')} on ${hostText(`/r/srv/${evil}`)}, which klee did not make, is mounted below it`]);
    expect(u.warnings.join('')).not.toMatch(UNSHOWABLE);
  });

  it('hostText: one quoted line, no control character, JSON-readable back', () => {
    const t = hostText(FORGED);
    expect(t).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/);
    expect(JSON.parse(t)).toBe(FORGED);
  });

  it('a foreign jail whose meta forges a "No changes" line: the refusal quotes it on its own line', async () => {
    const box = simBox(P);
    await box.run('jail', '-c', 'name=proj_a', 'path=/jails/a', 'persist', `meta=${FORGED}`);
    const [p] = await problems(box, spec(P, [net('lo')], [ctr(P, 'a', { networks: [{ network: 'lo' }] })]));
    expect(p).toContain(`its meta is ${hostText(FORGED)}`);
    expect(p).not.toMatch(/[\n\r\u001b\u009b\u2028]/);
  });

  it('an interface whose description forges a line: the collision quotes it (C0 controls: the probe refuses the listing)', async () => {
    const box = simBox(P);
    const forged = 'mine"); klee never touches it.\u2028No changes. The host matches kleene.yaml.\u009b2J';
    await box.run('ifconfig', 'lo7', 'create');
    await box.run('ifconfig', 'lo7', 'description', forged);
    const [p] = await problems(box, spec(P, [net('lo', { interface: 'lo7' })], []));
    expect(p).toContain(`(description ${hostText(forged)})`);
    expect(p).not.toMatch(/[\u009b\u2028]/);
  });
});
