// What a chip says about PACE before any authentication (ICAO Doc 9303 part 11 §9.2.1, BSI TR-03110 part 3
// A.1.1.1): EF.CardAccess (FID 011C, SFI 1C, under the MF, readable in plain) holds SecurityInfos, a SET OF
// SEQUENCE { protocol OID, required data, optional data }; a PACEInfo is { id-PACE-…, version 2, parameterId }.
// Only the protocols this reader can run are turned into choices: ECDH generic mapping with 3DES or AES.
import { CommandApdu } from '../../../../common/apdu/apdu';
import type { CardChannel } from '../../../../common/apdu/channel';
import { parseTlv, type Tlv } from '../../../../common/apdu/tlv';
import { concatBytes, hex } from '../../../../common/bytes';
import { curveById, type Curve } from './ec';
import type { SmAlgorithm } from './sm-cipher';

/** id-PACE = 0.4.0.127.0.7.2.2.4, encoded; a protocol appends mapping and cipher arcs. */
export const ID_PACE = Uint8Array.of(0x04, 0x00, 0x7f, 0x00, 0x07, 0x02, 0x02, 0x04);

/** Mapping arcs under id-PACE: 1 DH-GM, 2 ECDH-GM, 3 DH-IM, 4 ECDH-IM, 6 ECDH-CAM. */
const MAPPINGS: Record<number, string> = { 1: 'DH-GM', 2: 'ECDH-GM', 3: 'DH-IM', 4: 'ECDH-IM', 6: 'ECDH-CAM' };
const CIPHERS: Record<number, SmAlgorithm> = { 1: '3DES', 2: 'AES-128', 3: 'AES-192', 4: 'AES-256' };

export interface PaceInfo {
  /** The protocol OID's content bytes (as sent in MSE:Set AT tag 80). */
  oid: Uint8Array;
  /** 'ECDH-GM', 'DH-GM', … or null when the OID is not a PACE protocol we can name. */
  mapping: string | null;
  cipher: SmAlgorithm | null;
  version: number;
  /** Standardized domain parameter id (9303-11 table 12), null when absent (proprietary parameters). */
  parameterId: number | null;
}

/** A PACE protocol this reader runs: ECDH generic mapping on a standardized curve. */
export interface PaceChoice {
  info: PaceInfo;
  cipher: SmAlgorithm;
  curve: Curve;
}

/** The OID bytes of id-PACE-ECDH-GM-<cipher>. */
export function paceOid(mapping: 'ECDH-GM', cipher: SmAlgorithm): Uint8Array {
  const mappingArc = Number(Object.keys(MAPPINGS).find((k) => MAPPINGS[Number(k)] === mapping));
  const cipherArc = Number(Object.keys(CIPHERS).find((k) => CIPHERS[Number(k)] === cipher));
  return concatBytes(ID_PACE, [mappingArc, cipherArc]);
}

function integer(value: Uint8Array): number {
  let v = 0;
  for (const b of value) v = v * 256 + b;
  return v;
}

function describe(oid: Uint8Array): { mapping: string | null; cipher: SmAlgorithm | null } {
  if (oid.length !== ID_PACE.length + 2 || hex(oid.subarray(0, ID_PACE.length)) !== hex(ID_PACE)) return { mapping: null, cipher: null };
  return { mapping: MAPPINGS[oid[ID_PACE.length]] ?? null, cipher: CIPHERS[oid[ID_PACE.length + 1]] ?? null };
}

/** The PACEInfos of EF.CardAccess; other SecurityInfos (CA, TA, …) are skipped. Throws on malformed DER. */
export function parseCardAccess(bytes: Uint8Array): PaceInfo[] {
  const [set] = parseTlv(bytes);
  if (!set || set.tag !== 0x31 || !set.children) throw new RangeError('EF.CardAccess is not a SET OF SecurityInfo');
  const out: PaceInfo[] = [];
  for (const info of set.children) {
    const fields: Tlv[] = info.children ?? [];
    const [oid, version, parameter] = fields;
    if (info.tag !== 0x30 || oid?.tag !== 0x06 || version?.tag !== 0x02) continue;
    // id-PACE itself has 8 bytes; its protocols 10 (PACEDomainParameterInfo has a SEQUENCE, not an INTEGER).
    if (oid.value.length !== ID_PACE.length + 2 || hex(oid.value.subarray(0, ID_PACE.length)) !== hex(ID_PACE)) continue;
    out.push({
      oid: Uint8Array.from(oid.value),
      ...describe(oid.value),
      version: integer(version.value),
      parameterId: parameter?.tag === 0x02 ? integer(parameter.value) : null,
    });
  }
  return out;
}

/** The first PACEInfo this reader can run (ECDH-GM, version 2, a known standardized curve), or null. */
export function choosePace(infos: PaceInfo[]): PaceChoice | null {
  for (const info of infos) {
    if (info.mapping !== 'ECDH-GM' || !info.cipher || info.version !== 2 || info.parameterId === null) continue;
    const curve = curveById(info.parameterId);
    if (curve) return { info, cipher: info.cipher, curve };
  }
  return null;
}

/**
 * Reads EF.CardAccess in plain by its short file identifier (READ BINARY with SFI 1C, so no SELECT is needed
 * and the MF stays current). Null when the chip has none (6A82, 6982, 6D00…): such a chip offers BAC only.
 */
export async function readCardAccess(channel: CardChannel): Promise<Uint8Array | null> {
  const first = await channel.transmit(new CommandApdu({ cla: 0x00, ins: 0xb0, p1: 0x9c, p2: 0x00, le: 256 }));
  if (!first.isSuccess || first.data.length < 2 || first.data[0] !== 0x31) return null;
  // EF.CardAccess is usually far below 256 bytes; a longer one continues at the offset we reached.
  const head = first.data;
  const len = head[1] < 0x80 ? head[1] + 2 : head[1] === 0x81 ? head[2] + 3 : ((head[2] << 8) | head[3]) + 4;
  let content: Uint8Array = Uint8Array.from(head);
  while (content.length < len) {
    const r = await channel.transmit(
      new CommandApdu({ cla: 0x00, ins: 0xb0, p1: (content.length >> 8) & 0x7f, p2: content.length & 0xff, le: Math.min(256, len - content.length) }),
    );
    if (!r.isSuccess || r.data.length === 0) return null;
    content = concatBytes(content, r.data);
  }
  return content.subarray(0, len);
}
