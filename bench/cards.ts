// Card benchmarks on a virtual SIM over pcscd + vpcd (test/support/pcsc.ts), all baselines measured in the same run:
//  1. per-APDU time through the card service (withCard + CardChannel + 61xx/6Cxx layer) vs a raw `smartcard`
//     transmit loop on the same card: the ratio is our overhead;
//  2. card insert → `cards:changed` event latency (dominated by pcscd polling the vpcd reader every 400 ms);
//  3. the vpcd delayed-ACK effect: per-APDU time with/without setNoDelay + single writes, on plain 127.0.0.1 and on
//     the harness's quickack loopback address.
import { createRequire } from 'node:module';
import { CommandApdu } from '../common/apdu';
import { CardService, type CardsStatus } from '../electron/main/cards/card-service';
import type { PcscBinding } from '../electron/main/cards/pcsc-port';
import { SimApplet } from '../test/fixtures/vcards/sim-applet';
import { PcscHarness, pcscSkipReason } from '../test/support/pcsc';
import { fmt, median } from './stats';

const ICCID = '8999401012345678901';
const SELECT_MF = new CommandApdu({ cla: 0, ins: 0xa4, p1: 0, p2: 0x0c, data: Uint8Array.of(0x3f, 0x00) });

async function rawPerApdu(pcsc: PcscBinding, reader: string, count: number): Promise<number> {
  const ctx = new pcsc.Context();
  try {
    const r = ctx.listReaders().find((x) => x.name === reader)!;
    const card = await r.connect(pcsc.SCARD_SHARE_EXCLUSIVE, pcsc.SCARD_PROTOCOL_T0 | pcsc.SCARD_PROTOCOL_T1);
    const bytes = Buffer.from(SELECT_MF.toBytes());
    await card.transmit(bytes); // warm-up
    const t = performance.now();
    for (let i = 0; i < count; i++) await card.transmit(bytes);
    const per = (performance.now() - t) / count;
    card.disconnect(pcsc.SCARD_LEAVE_CARD);
    return per;
  } finally {
    ctx.close();
  }
}

async function servicePerApdu(service: CardService, count: number): Promise<number> {
  return service.withCard({ kind: 'sim' }, async ({ channel }) => {
    await channel.transmit(SELECT_MF);
    const t = performance.now();
    for (let i = 0; i < count; i++) (await channel.transmit(SELECT_MF)).throwIfError();
    return (performance.now() - t) / count;
  });
}

function waitFor(events: CardsStatus[], listeners: Set<() => void>, test: (s: CardsStatus) => boolean, timeoutMs = 10_000): Promise<number> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const last = events.at(-1);
      if (last && test(last)) {
        listeners.delete(check);
        clearTimeout(timer);
        resolve(performance.now());
      }
    };
    const timer = setTimeout(() => {
      listeners.delete(check);
      reject(new Error('timeout waiting for a cards:changed event'));
    }, timeoutMs);
    listeners.add(check);
    check();
  });
}

export async function benchCards(): Promise<Record<string, unknown>> {
  const skip = pcscSkipReason();
  if (skip) {
    console.log(skip);
    return { skipped: skip };
  }
  const pcsc = createRequire(import.meta.url)('smartcard') as PcscBinding;
  const harness = await PcscHarness.start();
  const events: CardsStatus[] = [];
  const listeners = new Set<() => void>();
  const service = new CardService({
    emit: (_e, s) => {
      events.push(s);
      for (const l of [...listeners]) l();
    },
  });
  service.start();
  const simIn = (s: CardsStatus) => !!s.readers.find((r) => r.name === harness.simReader.name)?.cardPresent;
  try {
    // 1. service vs raw binding, same card, interleaved rounds so drift hits both.
    const card = harness.card('sim', new SimApplet(ICCID));
    await card.insert();
    await waitFor(events, listeners, simIn);
    const raw: number[] = [];
    const svc: number[] = [];
    for (let round = 0; round < 5; round++) {
      raw.push(await rawPerApdu(pcsc, harness.simReader.name, 200));
      svc.push(await servicePerApdu(service, 200));
    }
    const rawMs = median(raw);
    const serviceMs = median(svc);
    console.log(`per-APDU raw smartcard transmit   ${fmt(rawMs, 3)} ms`);
    console.log(`per-APDU through the card service ${fmt(serviceMs, 3)} ms  (ratio ${fmt(serviceMs / rawMs)}× raw)`);

    // 2. insert → event latency.
    const latencies: number[] = [];
    for (let i = 0; i < 5; i++) {
      await card.remove();
      await waitFor(events, listeners, (s) => !simIn(s));
      const t0 = performance.now();
      await card.insert();
      latencies.push((await waitFor(events, listeners, simIn)) - t0);
    }
    const insertMs = median(latencies);
    console.log(`insert → cards:changed             ${fmt(insertMs, 0)} ms median (min ${fmt(Math.min(...latencies), 0)}, max ${fmt(Math.max(...latencies), 0)}; pcscd polls vpcd every 400 ms)`);
    await card.remove();
    await waitFor(events, listeners, (s) => !simIn(s));

    // 3. delayed ACK: same card, four socket setups.
    const setups = [
      { name: 'loopback, Nagle on + split writes', host: '127.0.0.1', tcpNoDelay: false, splitWrites: true },
      { name: 'loopback, setNoDelay + one write', host: '127.0.0.1', tcpNoDelay: true, splitWrites: false },
      { name: 'quickack route, Nagle on + split', host: harness.cardHost, tcpNoDelay: false, splitWrites: true },
      { name: 'quickack route, setNoDelay + one write', host: harness.cardHost, tcpNoDelay: true, splitWrites: false },
    ];
    const delayedAck: Record<string, number> = {};
    for (const s of setups) {
      const c = harness.card('sim', new SimApplet(ICCID), { host: s.host, tcpNoDelay: s.tcpNoDelay, splitWrites: s.splitWrites });
      await c.insert();
      await waitFor(events, listeners, simIn);
      delayedAck[s.name] = await rawPerApdu(pcsc, harness.simReader.name, s.host === '127.0.0.1' ? 20 : 200);
      await c.remove();
      await waitFor(events, listeners, (st) => !simIn(st));
    }
    const best = delayedAck['quickack route, setNoDelay + one write'];
    for (const [name, ms] of Object.entries(delayedAck)) console.log(`vpcd ${name.padEnd(40)} ${fmt(ms, 3)} ms/APDU (${fmt(ms / best, 1)}× best)`);
    if (harness.cardHost === '127.0.0.1') console.log('(no quickack route: not root, so rows 3–4 equal rows 1–2)');

    return { perApduRawMs: rawMs, perApduServiceMs: serviceMs, serviceOverRaw: serviceMs / rawMs, insertToEventMs: insertMs, insertLatenciesMs: latencies, delayedAckMsPerApdu: delayedAck };
  } finally {
    service.stop();
    await harness.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  benchCards().then(() => process.exit(0));
}
