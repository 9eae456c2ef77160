// Address helpers shared by the loader, the planner and the views.
import { describe, expect, it } from 'vitest';
import { isLinkLocal6 } from '../../src/spec/addr.js';

describe('isLinkLocal6', () => {
  it('is fe80::/10, with or without a zone, in any case', () => {
    for (const a of ['fe80::1', 'fe80::1%lo0', 'FE80::a:b', 'febf::1', 'fe9a::2']) expect(isLinkLocal6(a), a).toBe(true);
    for (const a of ['fec0::1', 'fd00::1', '2001:db8::1', '::1', 'fe8::1', '10.0.0.1']) expect(isLinkLocal6(a), a).toBe(false);
  });
});
