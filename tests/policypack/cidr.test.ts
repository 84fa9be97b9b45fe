// policypack/lib/cidr.ts: a CIDR is read exactly, so a policy never mistakes an out-of-range
// address, prefix or trailing text for a block (RFC 4632 §3.1 for IPv4, RFC 4291 §2.3 for IPv6).
import * as assert from "assert";
import { parseCidr } from "../../policypack/lib/cidr";

describe("parseCidr", () => {
    const cases: [string, ReturnType<typeof parseCidr>][] = [
        ["10.0.0.0/16", { v6: false, prefixLength: 16 }],
        ["10.0.0.10/8", { v6: false, prefixLength: 8 }],
        ["255.255.255.255/32", { v6: false, prefixLength: 32 }],
        ["0.0.0.0/0", { v6: false, prefixLength: 0 }],
        ["2001:db8::/32", { v6: true, prefixLength: 32 }],
        ["::/0", { v6: true, prefixLength: 0 }],
        ["::1/128", { v6: true, prefixLength: 128 }],
        ["FE80::/10", { v6: true, prefixLength: 10 }],
        // out of range
        ["300.1.1.1/16", undefined],
        ["10.300.0.0/16", undefined],
        ["10.0.0.256/16", undefined],
        ["10.0.0.0/33", undefined],
        ["::/129", undefined],
        ["::/200", undefined],
        // malformed
        ["x10.0.0.0/16", undefined],
        ["10.0.0.0/16x", undefined],
        ["10.0.0.0/16 ", undefined],
        ["10.0.0/16", undefined],
        ["10.0.0.0", undefined],
        ["zz::/64", undefined],
        ["::/64x", undefined],
        ["1234/64", undefined],
        ["abc/64", undefined],
        ["", undefined],
    ];
    for (const [value, expected] of cases) {
        it(`reads ${JSON.stringify(value)} as ${JSON.stringify(expected)}`, () => {
            assert.deepStrictEqual(parseCidr(value), expected);
        });
    }
});
