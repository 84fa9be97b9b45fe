// CIDR blocks, read once for the policies and the components that refuse the same input.

/** An IPv4 or IPv6 CIDR's family and prefix length. */
export interface Cidr {
    v6: boolean;
    prefixLength: number;
}

/** `10.0.0.0/16` or `2001:db8::/32` parsed, or `undefined` for anything that is not a CIDR. */
export function parseCidr(value: string): Cidr | undefined {
    const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(value);
    if (v4) {
        return v4.slice(1, 5).every((o) => Number(o) <= 255) && Number(v4[5]) <= 32
            ? { v6: false, prefixLength: Number(v4[5]) }
            : undefined;
    }
    const v6 = /^([0-9a-f:]+)\/(\d{1,3})$/i.exec(value);
    return v6 && v6[1].includes(":") && Number(v6[2]) <= 128
        ? { v6: true, prefixLength: Number(v6[2]) }
        : undefined;
}
