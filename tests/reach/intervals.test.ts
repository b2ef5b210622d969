import * as assert from "node:assert/strict";
import { parseCidr, parseIp } from "../../sdk/reach";
import { formatIntervals, normalize, subtract } from "../../sdk/reach/model/intervals";
import { addressPartition, describeAddresses, rangeToCidrs } from "../../sdk/reach/netpol/addresses";

/** The interval and address arithmetic `diff` stands on. */

const block = (cidr: string, ...except: string[]) => ({
  cidr: parseCidr(cidr)!,
  except: except.map((e) => parseCidr(e)!),
  key: cidr,
});
const v4 = (text: string) => parseIp(text)!.value;

describe("reach: port intervals", () => {
  it("normalizes, subtracts and prints intervals", () => {
    assert.deepEqual(normalize([8081, 65535, 1, 8079, 8080, 8080]), [1, 65535], "adjacent pieces merge");
    assert.deepEqual(subtract([1, 65535], [8080, 8080]), [1, 8079, 8081, 65535]);
    assert.deepEqual(subtract([1, 10, 20, 30], [5, 25]), [1, 4, 26, 30]);
    assert.deepEqual(subtract([5, 6], [1, 65535]), []);
    assert.deepEqual(subtract([1, 3], []), [1, 3]);
    assert.equal(formatIntervals([1, 8079, 8081, 65535, 9000, 9000]), "1-8079,8081-65535,9000");
  });
});

describe("reach: one address partition for two versions", () => {
  it("cuts IPv4 and IPv6 at every named CIDR, covering everything once", () => {
    const ranges = addressPartition([block("10.0.0.0/8", "10.1.0.0/16"), block("192.168.0.0/16")]);
    const four = ranges.filter((r) => r.family === 4);
    assert.equal(four[0].first, 0n);
    assert.equal(four[four.length - 1].last, (1n << 32n) - 1n);
    for (let i = 1; i < four.length; i++)
      assert.equal(four[i].first, four[i - 1].last + 1n, "no gap, no overlap");
    assert.deepEqual(
      four.map((r) => [r.first, r.last]),
      [
        [0n, v4("9.255.255.255")],
        [v4("10.0.0.0"), v4("10.0.255.255")],
        [v4("10.1.0.0"), v4("10.1.255.255")],
        [v4("10.2.0.0"), v4("10.255.255.255")],
        [v4("11.0.0.0"), v4("192.167.255.255")],
        [v4("192.168.0.0"), v4("192.168.255.255")],
        [v4("192.169.0.0"), v4("255.255.255.255")],
      ],
    );
    assert.deepEqual(
      ranges.filter((r) => r.family === 6).map((r) => [r.first, r.last]),
      [[0n, (1n << 128n) - 1n]],
    );
  });

  it("describes address sets as a reviewer writes them", () => {
    const everything = addressPartition([block("10.0.0.0/8", "10.1.0.0/16"), block("192.168.0.0/16")]).filter(
      (r) => r.family === 4,
    );
    const [, a, b, c, d, e, f] = everything;
    assert.equal(describeAddresses([a, b, c]), "10.0.0.0/8");
    assert.equal(describeAddresses([a, c]), "10.0.0.0/8 except 10.1.0.0/16");
    assert.equal(describeAddresses([e]), "192.168.0.0/16");
    assert.equal(
      describeAddresses(everything.filter((r) => r !== a && r !== b && r !== c)),
      "0.0.0.0/0 except 10.0.0.0/8",
    );
    assert.equal(
      describeAddresses([d, f]),
      "0.0.0.0/0 except 0.0.0.0/5, 8.0.0.0/7, 10.0.0.0/8, 192.168.0.0/16",
    );
    assert.deepEqual(rangeToCidrs(4, v4("10.0.0.1"), v4("10.0.0.6")), [
      "10.0.0.1/32",
      "10.0.0.2/31",
      "10.0.0.4/31",
      "10.0.0.6/32",
    ]);
  });
});
