// Allocation: the lowest `kleeneN` that neither the host nor this plan has taken (one explicit object per run, passed
// to the kinds that allocate), and the lowest free addresses of a subnet in O(used + allocated), never O(subnet size)
// (one per network and family, kinds/address-choice.ts). Epair units are the kernel's choice (kinds/epair.ts).
import type { HostState } from '../host/types.js';
import { formatAddress } from '../spec/addr.js';
import { addrValue, type Subnet } from './ip.js';

/** Interface names taken on the host (incl. inside our vnet jails) or claimed by this plan. */
export class Allocation {
  private readonly names = new Set<string>();

  /** `reserved`: interface names the file asks for (never handed out as a free name). */
  constructor(state: HostState, reserved: Iterable<string>) {
    for (const i of state.interfaces) this.names.add(i.name);
    for (const j of state.jails) for (const i of j.inside?.interfaces ?? []) this.names.add(i.name);
    for (const n of reserved) this.names.add(n);
  }

  /** The lowest `<prefix>N` not taken; now taken. */
  name(prefix: string): string {
    for (let n = 0; ; n++) {
      const name = `${prefix}${n}`;
      if (!this.names.has(name)) {
        this.names.add(name);
        return name;
      }
    }
  }
}

/** Hands out the lowest free addresses of one subnet in increasing order. */
export class SubnetAllocator {
  private readonly used: bigint[];
  private i = 0;
  private next: bigint;
  private readonly end: bigint;

  /** `taken`: addresses never to hand out (gateway, explicit and kept addresses, addresses on the host). */
  constructor(readonly subnet: Subnet, taken: Iterable<string>) {
    const set = new Set<bigint>();
    for (const a of taken) {
      const v = addrValue(a, subnet.family);
      if (v !== undefined && v >= subnet.first && v <= subnet.last) set.add(v);
    }
    this.used = [...set].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    // Network address always skipped (IPv6: the subnet-router anycast address); IPv4 broadcast too,
    // except /31 and /32 which have neither (RFC 3021).
    const tiny = subnet.family === 4 && subnet.len >= 31;
    this.next = tiny ? subnet.first : subnet.first + 1n;
    this.end = tiny || subnet.family === 6 ? subnet.last : subnet.last - 1n;
  }

  /** The lowest free address, now taken; undefined when the subnet is full. */
  take(): string | undefined {
    while (this.i < this.used.length && this.used[this.i] < this.next) this.i++;
    while (this.i < this.used.length && this.used[this.i] === this.next) {
      this.next++;
      this.i++;
    }
    if (this.next > this.end) return undefined;
    const v = this.next++;
    return formatAddress(v, this.subnet.family);
  }
}
