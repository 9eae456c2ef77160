// The model-based scenario: up a file on a fresh sim host, check it converged, up an edit of it, check again, down.
import { isDeepStrictEqual } from 'node:util';
import { join } from 'node:path';
import { loadSpec } from '../../src/spec/load.js';
import { afterDown, comparable, events, type Sandbox } from '../e2e/helpers.js';
import { sandboxWith, writeFile } from './harness.js';
import { halfMade } from './invariants.js';

/** A step of the scenario that went wrong, with everything needed to see why. */
export class LifecycleError extends Error {}

const fail = (step: string, detail: string): never => { throw new LifecycleError(`${step}: ${detail}`); };

/**
 * `up --remove-orphans` (the edit drops containers and networks: a GitOps pipeline's form) then checks: exit 0, done ok, plan empty, nothing half-made, each container running with its driver and
 * static addresses, no address given twice.
 */
export async function upConverges(box: Sandbox, text: string, step: string, fresh: Record<string, any>): Promise<void> {
  const H = ['-H', box.host()];
  const up = await box.klee(['up', '--remove-orphans', '--json', ...H]);
  const done = events(up.stdout).at(-1);
  if (up.code !== 0 || !done?.ok) fail(step, `up exited ${up.code}: ${up.stderr}${JSON.stringify(done?.failures ?? [])}`);
  const plan = await box.klee(['plan', '--remove-orphans', '--detailed-exitcode', ...H]);
  if (plan.code !== 0) fail(step, `plan after up is not empty (exit ${plan.code}):\n${plan.stdout}${plan.stderr}`);
  const bad = halfMade(box.state(), fresh);
  if (bad.length) fail(step, `half-made after a clean up: ${bad.join('; ')}`);
  // The host matches the file, seen through ps (the probe) and checked against the file's static addresses.
  const ps = JSON.parse((await box.klee(['ps', '-a', '--json', ...H])).stdout) as any[];
  const spec = loadSpec({ text, file: join(box.project, 'kleene.yaml'), env: {}, dirName: 'project' }).spec;
  if (!spec) fail(step, 'the file does not load');
  for (const c of spec!.containers) {
    const row = ps.find((r) => r.name === c.name);
    // running, or a one-shot that completed (its program exited 0: converged, design.md)
    if (!row || !(row.state === 'running' || (row.state === 'exited' && row.exitCode === 0))) fail(step, `container ${c.name} is not running: ${JSON.stringify(row)}`);
    if (row.driver !== c.driver) fail(step, `container ${c.name} runs with driver ${row.driver}, the file says ${c.driver}`);
    for (const ep of c.networks) {
      const got = row.networks.find((n: any) => n.network === ep.network);
      if (!got) fail(step, `container ${c.name} is not on network ${ep.network}`);
      if (ep.ip && got.ip !== ep.ip) fail(step, `container ${c.name} on ${ep.network} has ${got.ip}, the file says ${ep.ip}`);
      if (ep.ip6 && got.ip6 !== ep.ip6) fail(step, `container ${c.name} on ${ep.network} has ${got.ip6}, the file says ${ep.ip6}`);
    }
  }
  const addrs = ps.flatMap((r) => r.networks.flatMap((n: any) => [n.ip, n.ip6].filter(Boolean).map((a: string) => `${n.network}/${a}`)));
  if (new Set(addrs).size !== addrs.length) fail(step, `an address is given twice: ${addrs.join(', ')}`);
}

/** `down --remove-orphans` then the host equals a fresh one, modulo the documented exceptions (forwarding sysctl, console logs). */
export async function downToFresh(box: Sandbox, step: string, fresh: Record<string, any>): Promise<void> {
  const down = await box.klee(['down', '--remove-orphans', '-H', box.host()]);
  if (down.code !== 0) fail(step, `down exited ${down.code}: ${down.stdout}${down.stderr}`);
  const left = afterDown(box.state(), fresh);
  if (!isDeepStrictEqual(left, comparable(fresh))) fail(step, `down did not leave a fresh host:\n${JSON.stringify(left)}`);
}

/** The whole scenario on a fresh host; throws LifecycleError naming the first step that went wrong. */
export async function lifecycle(before: string, after: string, fresh: Record<string, any>): Promise<void> {
  const box = sandboxWith(before);
  try {
    await upConverges(box, before, 'up', fresh);
    writeFile(box, after);
    await upConverges(box, after, 'up of the edit', fresh);
    await downToFresh(box, 'down', fresh);
  } finally {
    box.remove();
  }
}
