// A renamed container whose new jail shares the old one's root (not its address: the new one gets another) is
// created only after the old jail is removed: from the NDJSON events of `up --remove-orphans` at every parallelism.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { events, Sandbox } from './helpers.js';

const boxes: Sandbox[] = [];
afterEach(() => { while (boxes.length) boxes.pop()!.remove(); });

const file = (name: string) => `name: rn\nnetworks:\n  lan: { subnet: 10.5.0.0/24 }\ncontainers:\n  ${name}: { path: /jails/shared, networks: [lan] }\n`;

describe('a rename with a shared root', () => {
  it('the old jail is removed before the new one is created, and the new one runs', async () => {
    for (const parallel of ['1', '256']) {
      const box = new Sandbox();
      boxes.push(box);
      writeFileSync(join(box.project, 'kleene.yaml'), file('old'));
      expect((await box.klee(['up', '-H', box.host()])).code).toBe(0);
      writeFileSync(join(box.project, 'kleene.yaml'), file('new'));
      const r = await box.klee(['up', '--remove-orphans', '--json', '--parallel', parallel, '-H', box.host()]);
      expect(r.code, r.stderr).toBe(0);
      const ev = events(r.stdout);
      expect(ev[0].actions.find((a: { id: string }) => a.id === 'container:new').after).toContain('container:old');
      const oldDone = ev.findIndex((e) => e.event === 'action-done' && e.id === 'container:old');
      const newStart = ev.findIndex((e) => e.event === 'action-start' && e.id === 'container:new');
      expect([parallel, oldDone >= 0 && oldDone < newStart]).toEqual([parallel, true]);
      expect((box.state().jails as { name: string; path: string }[]).map((j) => [j.name, j.path])).toEqual([['rn_new', '/jails/shared']]);
    }
  });
});
