// Text the host supplies (a foreign jail's meta, an interface description) cannot forge a line of klee's output:
// kern_jailmeta.c takes any bytes as a jail's meta, ifconfig(8) description any string.
import { describe, expect, it } from 'vitest';
import { hostText } from '../../src/host/quote.js';
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
