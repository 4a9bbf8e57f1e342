// Elliptic-curve arithmetic over prime fields with BigInt, for PACE generic mapping (ICAO Doc 9303 part 11
// §4.4.3.3.1): the mapped generator G~ = s·G + H is a point no named-curve API accepts as a base, so the
// scalar multiplications after the mapping need plain point arithmetic. Jacobian coordinates keep it to one
// modular inversion per multiplication. The terminal's keys are ephemeral and single-use, so this is not
// constant-time; it is exact, and every point received from a chip is checked to lie on the curve.
// The table holds the standardized domain parameters 8–18 of Doc 9303-11 table 12 (BSI TR-03110 part 3 A.2.1.1).

export interface Curve {
  /** PACE standardized domain parameter id (9303-11 table 12). */
  readonly id: number;
  /** Display name: 'NIST P-256', 'brainpoolP256r1' … */
  readonly name: string;
  /** OpenSSL / Node name of the curve (for cross-checks with node:crypto). */
  readonly nodeName: string;
  readonly p: bigint;
  readonly a: bigint;
  readonly b: bigint;
  readonly g: AffinePoint;
  readonly n: bigint;
  /** Field size in bytes: the length of each coordinate in an encoded point and of the shared secret. */
  readonly size: number;
}

export interface AffinePoint {
  readonly x: bigint;
  readonly y: bigint;
}

/** The point at infinity is null in affine form. */
export type Point = AffinePoint | null;

function curve(name: string, nodeName: string, p: bigint, a: bigint, b: bigint, gx: bigint, gy: bigint, n: bigint): Omit<Curve, 'id'> {
  return { name, nodeName, p, a, b, g: { x: gx, y: gy }, n, size: Math.ceil(p.toString(16).length / 2) };
}

const TABLE: Record<number, Omit<Curve, 'id'>> = {
  8: curve('NIST P-192', 'prime192v1', 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEFFFFFFFFFFFFFFFFn, 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEFFFFFFFFFFFFFFFCn, 0x64210519E59C80E70FA7E9AB72243049FEB8DEECC146B9B1n, 0x188DA80EB03090F67CBF20EB43A18800F4FF0AFD82FF1012n, 0x7192B95FFC8DA78631011ED6B24CDD573F977A11E794811n, 0xFFFFFFFFFFFFFFFFFFFFFFFF99DEF836146BC9B1B4D22831n),
  9: curve('brainpoolP192r1', 'brainpoolP192r1', 0xC302F41D932A36CDA7A3463093D18DB78FCE476DE1A86297n, 0x6A91174076B1E0E19C39C031FE8685C1CAE040E5C69A28EFn, 0x469A28EF7C28CCA3DC721D044F4496BCCA7EF4146FBF25C9n, 0xC0A0647EAAB6A48753B033C56CB0F0900A2F5C4853375FD6n, 0x14B690866ABD5BB88B5F4828C1490002E6773FA2FA299B8Fn, 0xC302F41D932A36CDA7A3462F9E9E916B5BE8F1029AC4ACC1n),
  10: curve('NIST P-224', 'secp224r1', 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF000000000000000000000001n, 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFEn, 0xB4050A850C04B3ABF54132565044B0B7D7BFD8BA270B39432355FFB4n, 0xB70E0CBD6BB4BF7F321390B94A03C1D356C21122343280D6115C1D21n, 0xBD376388B5F723FB4C22DFE6CD4375A05A07476444D5819985007E34n, 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFF16A2E0B8F03E13DD29455C5C2A3Dn),
  11: curve('brainpoolP224r1', 'brainpoolP224r1', 0xD7C134AA264366862A18302575D1D787B09F075797DA89F57EC8C0FFn, 0x68A5E62CA9CE6C1C299803A6C1530B514E182AD8B0042A59CAD29F43n, 0x2580F63CCFE44138870713B1A92369E33E2135D266DBB372386C400Bn, 0xD9029AD2C7E5CF4340823B2A87DC68C9E4CE3174C1E6EFDEE12C07Dn, 0x58AA56F772C0726F24C6B89E4ECDAC24354B9E99CAA3F6D3761402CDn, 0xD7C134AA264366862A18302575D0FB98D116BC4B6DDEBCA3A5A7939Fn),
  12: curve('NIST P-256', 'prime256v1', 0xFFFFFFFF00000001000000000000000000000000FFFFFFFFFFFFFFFFFFFFFFFFn, 0xFFFFFFFF00000001000000000000000000000000FFFFFFFFFFFFFFFFFFFFFFFCn, 0x5AC635D8AA3A93E7B3EBBD55769886BC651D06B0CC53B0F63BCE3C3E27D2604Bn, 0x6B17D1F2E12C4247F8BCE6E563A440F277037D812DEB33A0F4A13945D898C296n, 0x4FE342E2FE1A7F9B8EE7EB4A7C0F9E162BCE33576B315ECECBB6406837BF51F5n, 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551n),
  13: curve('brainpoolP256r1', 'brainpoolP256r1', 0xA9FB57DBA1EEA9BC3E660A909D838D726E3BF623D52620282013481D1F6E5377n, 0x7D5A0975FC2C3057EEF67530417AFFE7FB8055C126DC5C6CE94A4B44F330B5D9n, 0x26DC5C6CE94A4B44F330B5D9BBD77CBF958416295CF7E1CE6BCCDC18FF8C07B6n, 0x8BD2AEB9CB7E57CB2C4B482FFC81B7AFB9DE27E1E3BD23C23A4453BD9ACE3262n, 0x547EF835C3DAC4FD97F8461A14611DC9C27745132DED8E545C1D54C72F046997n, 0xA9FB57DBA1EEA9BC3E660A909D838D718C397AA3B561A6F7901E0E82974856A7n),
  14: curve('brainpoolP320r1', 'brainpoolP320r1', 0xD35E472036BC4FB7E13C785ED201E065F98FCFA6F6F40DEF4F92B9EC7893EC28FCD412B1F1B32E27n, 0x3EE30B568FBAB0F883CCEBD46D3F3BB8A2A73513F5EB79DA66190EB085FFA9F492F375A97D860EB4n, 0x520883949DFDBC42D3AD198640688A6FE13F41349554B49ACC31DCCD884539816F5EB4AC8FB1F1A6n, 0x43BD7E9AFB53D8B85289BCC48EE5BFE6F20137D10A087EB6E7871E2A10A599C710AF8D0D39E20611n, 0x14FDD05545EC1CC8AB4093247F77275E0743FFED117182EAA9C77877AAAC6AC7D35245D1692E8EE1n, 0xD35E472036BC4FB7E13C785ED201E065F98FCFA5B68F12A32D482EC7EE8658E98691555B44C59311n),
  15: curve('NIST P-384', 'secp384r1', 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEFFFFFFFF0000000000000000FFFFFFFFn, 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEFFFFFFFF0000000000000000FFFFFFFCn, 0xB3312FA7E23EE7E4988E056BE3F82D19181D9C6EFE8141120314088F5013875AC656398D8A2ED19D2A85C8EDD3EC2AEFn, 0xAA87CA22BE8B05378EB1C71EF320AD746E1D3B628BA79B9859F741E082542A385502F25DBF55296C3A545E3872760AB7n, 0x3617DE4A96262C6F5D9E98BF9292DC29F8F41DBD289A147CE9DA3113B5F0B8C00A60B1CE1D7E819D7A431D7C90EA0E5Fn, 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFC7634D81F4372DDF581A0DB248B0A77AECEC196ACCC52973n),
  16: curve('brainpoolP384r1', 'brainpoolP384r1', 0x8CB91E82A3386D280F5D6F7E50E641DF152F7109ED5456B412B1DA197FB71123ACD3A729901D1A71874700133107EC53n, 0x7BC382C63D8C150C3C72080ACE05AFA0C2BEA28E4FB22787139165EFBA91F90F8AA5814A503AD4EB04A8C7DD22CE2826n, 0x4A8C7DD22CE28268B39B55416F0447C2FB77DE107DCD2A62E880EA53EEB62D57CB4390295DBC9943AB78696FA504C11n, 0x1D1C64F068CF45FFA2A63A81B7C13F6B8847A3E77EF14FE3DB7FCAFE0CBD10E8E826E03436D646AAEF87B2E247D4AF1En, 0x8ABE1D7520F9C2A45CB1EB8E95CFD55262B70B29FEEC5864E19C054FF99129280E4646217791811142820341263C5315n, 0x8CB91E82A3386D280F5D6F7E50E641DF152F7109ED5456B31F166E6CAC0425A7CF3AB6AF6B7FC3103B883202E9046565n),
  17: curve('brainpoolP512r1', 'brainpoolP512r1', 0xAADD9DB8DBE9C48B3FD4E6AE33C9FC07CB308DB3B3C9D20ED6639CCA703308717D4D9B009BC66842AECDA12AE6A380E62881FF2F2D82C68528AA6056583A48F3n, 0x7830A3318B603B89E2327145AC234CC594CBDD8D3DF91610A83441CAEA9863BC2DED5D5AA8253AA10A2EF1C98B9AC8B57F1117A72BF2C7B9E7C1AC4D77FC94CAn, 0x3DF91610A83441CAEA9863BC2DED5D5AA8253AA10A2EF1C98B9AC8B57F1117A72BF2C7B9E7C1AC4D77FC94CADC083E67984050B75EBAE5DD2809BD638016F723n, 0x81AEE4BDD82ED9645A21322E9C4C6A9385ED9F70B5D916C1B43B62EEF4D0098EFF3B1F78E2D0D48D50D1687B93B97D5F7C6D5047406A5E688B352209BCB9F822n, 0x7DDE385D566332ECC0EABFA9CF7822FDF209F70024A57B1AA000C55B881F8111B2DCDE494A5F485E5BCA4BD88A2763AED1CA2B2FA8F0540678CD1E0F3AD80892n, 0xAADD9DB8DBE9C48B3FD4E6AE33C9FC07CB308DB3B3C9D20ED6639CCA70330870553E5C414CA92619418661197FAC10471DB1D381085DDADDB58796829CA90069n),
  18: curve('NIST P-521', 'secp521r1', 0x1FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFn, 0x1FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFCn, 0x51953EB9618E1C9A1F929A21A0B68540EEA2DA725B99B315F3B8B489918EF109E156193951EC7E937B1652C0BD3BB1BF073573DF883D2C34F1EF451FD46B503F00n, 0xC6858E06B70404E9CD9E3ECB662395B4429C648139053FB521F828AF606B4D3DBAA14B5E77EFE75928FE1DC127A2FFA8DE3348B3C1856A429BF97E7E31C2E5BD66n, 0x11839296A789A3BC0045C8A5FB42C7D1BD998F54449579B446817AFBD17273E662C97EE72995EF42640C550B9013FAD0761353C7086A272C24088BE94769FD16650n, 0x1FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFA51868783BF2F966B7FCC0148F709A5D03BB5C9B8899C47AEBB6FB71E91386409n),
};

/** The curve of a standardized domain parameter id, or null when the id is not an EC one we know. */
export function curveById(id: number): Curve | null {
  const c = TABLE[id];
  return c ? { id, ...c } : null;
}

export const EC_PARAMETER_IDS: readonly number[] = Object.keys(TABLE).map(Number);

function mod(a: bigint, m: bigint): bigint {
  const r = a % m;
  return r < 0n ? r + m : r;
}

/** Modular inverse by the extended Euclidean algorithm; `a` must be non-zero mod m. */
export function modInverse(a: bigint, m: bigint): bigint {
  let [oldR, r] = [mod(a, m), m];
  let [oldS, s] = [1n, 0n];
  while (r !== 0n) {
    const q = oldR / r;
    [oldR, r] = [r, oldR - q * r];
    [oldS, s] = [s, oldS - q * s];
  }
  if (oldR !== 1n) throw new RangeError('not invertible');
  return mod(oldS, m);
}

export function isOnCurve(c: Curve, pt: AffinePoint): boolean {
  if (pt.x < 0n || pt.x >= c.p || pt.y < 0n || pt.y >= c.p) return false;
  return mod(pt.y * pt.y - (pt.x * pt.x * pt.x + c.a * pt.x + c.b), c.p) === 0n;
}

// Jacobian (X, Y, Z) represents (X/Z², Y/Z³); Z = 0 is infinity.
type Jacobian = [bigint, bigint, bigint];
const INFINITY: Jacobian = [1n, 1n, 0n];

function toJacobian(pt: Point): Jacobian {
  return pt ? [pt.x, pt.y, 1n] : INFINITY;
}

function toAffine(c: Curve, [x, y, z]: Jacobian): Point {
  if (z === 0n) return null;
  const zi = modInverse(z, c.p);
  const zi2 = mod(zi * zi, c.p);
  return { x: mod(x * zi2, c.p), y: mod(y * zi2 * zi, c.p) };
}

function double(c: Curve, [x, y, z]: Jacobian): Jacobian {
  const p = c.p;
  if (z === 0n || y === 0n) return INFINITY;
  const yy = mod(y * y, p);
  const s = mod(4n * x * yy, p);
  const zz = mod(z * z, p);
  const m = mod(3n * x * x + c.a * zz * zz, p);
  const x3 = mod(m * m - 2n * s, p);
  const y3 = mod(m * (s - x3) - 8n * yy * yy, p);
  const z3 = mod(2n * y * z, p);
  return [x3, y3, z3];
}

function add(c: Curve, a: Jacobian, b: Jacobian): Jacobian {
  const p = c.p;
  if (a[2] === 0n) return b;
  if (b[2] === 0n) return a;
  const z1z1 = mod(a[2] * a[2], p);
  const z2z2 = mod(b[2] * b[2], p);
  const u1 = mod(a[0] * z2z2, p);
  const u2 = mod(b[0] * z1z1, p);
  const s1 = mod(a[1] * b[2] * z2z2, p);
  const s2 = mod(b[1] * a[2] * z1z1, p);
  if (u1 === u2) return s1 === s2 ? double(c, a) : INFINITY;
  const h = mod(u2 - u1, p);
  const r = mod(s2 - s1, p);
  const hh = mod(h * h, p);
  const hhh = mod(h * hh, p);
  const v = mod(u1 * hh, p);
  const x3 = mod(r * r - hhh - 2n * v, p);
  const y3 = mod(r * (v - x3) - s1 * hhh, p);
  const z3 = mod(a[2] * b[2] * h, p);
  return [x3, y3, z3];
}

export function pointAdd(c: Curve, a: Point, b: Point): Point {
  return toAffine(c, add(c, toJacobian(a), toJacobian(b)));
}

/** k·P by left-to-right double-and-add. */
export function scalarMultiply(c: Curve, k: bigint, pt: Point): Point {
  const e = mod(k, c.n);
  if (e === 0n || pt === null) return null;
  const base = toJacobian(pt);
  let acc = INFINITY;
  for (let i = e.toString(2).length - 1; i >= 0; i--) {
    acc = double(c, acc);
    if ((e >> BigInt(i)) & 1n) acc = add(c, acc, base);
  }
  return toAffine(c, acc);
}

export function bigintFromBytes(bytes: Uint8Array): bigint {
  let v = 0n;
  for (const b of bytes) v = (v << 8n) | BigInt(b);
  return v;
}

export function bigintToBytes(v: bigint, length: number): Uint8Array {
  const out = new Uint8Array(length);
  let x = v;
  for (let i = length - 1; i >= 0; i--) {
    out[i] = Number(x & 0xffn);
    x >>= 8n;
  }
  if (x !== 0n) throw new RangeError(`value does not fit in ${length} bytes`);
  return out;
}

/** Uncompressed encoding 04 || x || y, each coordinate padded to the field size. */
export function encodePoint(c: Curve, pt: AffinePoint): Uint8Array {
  const out = new Uint8Array(1 + 2 * c.size);
  out[0] = 0x04;
  out.set(bigintToBytes(pt.x, c.size), 1);
  out.set(bigintToBytes(pt.y, c.size), 1 + c.size);
  return out;
}

/** Decodes an uncompressed point and checks it lies on the curve; null for anything else. */
export function decodePoint(c: Curve, bytes: Uint8Array): AffinePoint | null {
  if (bytes.length !== 1 + 2 * c.size || bytes[0] !== 0x04) return null;
  const pt = { x: bigintFromBytes(bytes.subarray(1, 1 + c.size)), y: bigintFromBytes(bytes.subarray(1 + c.size)) };
  return isOnCurve(c, pt) ? pt : null;
}

/** A private key in [1, n-1] from random bytes (reduced with a 64-bit margin so the bias is negligible). */
export function privateKeyFrom(c: Curve, random: (n: number) => Uint8Array): bigint {
  const bytes = random(Math.ceil(c.n.toString(16).length / 2) + 8);
  return (bigintFromBytes(bytes) % (c.n - 1n)) + 1n;
}
