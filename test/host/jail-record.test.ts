// The records of what a container was created with, on kernels without `meta` (src/host/jail-record.ts).
import { describe, expect, it } from 'vitest';
import { parseRecords, readRecordsArgv, recordText, writeRecordArgv } from '../../src/host/jail-record.js';

describe('jail records', () => {
  it('paths come as positional parameters; the text is the meta value on one line', () => {
    expect(writeRecordArgv('p_a')).toEqual(['sh', '-c', expect.not.stringContaining('p_a'), '/var/db/klee/jails', 'p_a']);
    expect(recordText('klee:v1:p:a:00ff')).toBe('klee:v1:p:a:00ff\n');
    expect(readRecordsArgv(['p_a', 'p_b'])).toEqual(['cat', '/var/db/klee/jails/p_a', '/var/db/klee/jails/p_b']);
  });

  it('reads each record by the jail it names, in any order; anything else is ignored', () => {
    const out = [
      'klee:v1:p:b:0b', 'garbage', 'klee:v1:q:a:0a', // another project's
      'klee:v1:p:a:0a', 'klee:v1:p:a:ff', // a second one for p_a: the first counts
      'klee:v1:p:c:zz', // not hex
    ].join('\n');
    expect([...parseRecords(`${out}\n`, ['p_a', 'p_b', 'p_c'])]).toEqual([['p_b', 'klee:v1:p:b:0b'], ['p_a', 'klee:v1:p:a:0a']]);
  });
});
