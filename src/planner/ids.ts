// Action ids: stable, unique names for the nodes of the plan's graph.

/** Id of a network's action. */
export const networkId = (n: string) => `network:${n}`;
/** Id of a bridge gateway's action (family 4 or 6). */
export const gatewayId = (n: string, family: 4 | 6) => (family === 4 ? `gateway:${n}` : `gateway:${n}:inet6`);
/** Id of an epair's action. */
export const epairId = (c: string, n: string) => `epair:${c}:${n}`;
/** Id of an ipnet alias repair. */
export const addressId = (c: string, n: string) => `address:${c}:${n}`;
/** Id of an image dataset's action. */
export const datasetId = (c: string) => `dataset:${c}`;
/** Id of a container's action. */
export const containerId = (c: string) => `container:${c}`;
/** Id of the pf anchor's action. */
export const PF_ID = 'pf';
/** Id of the forwarding sysctl. */
export const FORWARDING_ID = 'sysctl:net.inet.ip.forwarding';
/** The IPv6 forwarding action (vnet containers routed over IPv6 through the host). */
export const FORWARDING6_ID = 'sysctl:net.inet6.ip6.forwarding';
/** The delete half of a replacement: `<id>:delete`. */
export const deleteHalf = (id: string) => `${id}:delete`;
