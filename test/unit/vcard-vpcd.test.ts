// The vpcd client against a scripted vpcd reader (a TCP server speaking vsmartcard's framing), no pcscd needed.
import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { hex } from '../../common/bytes';
import { SimApplet } from '../fixtures/vcards/sim-applet';
import { VpcdCard } from '../fixtures/vcards/vpcd';
import { waitFor } from '../support/wait';

/** Plays the reader side: sends framed messages, collects framed answers. */
async function fakeReader() {
  let socket!: Socket;
  const connected = new Promise<void>((r) => {
    server = createServer((s) => {
      socket = s;
      s.setNoDelay(true);
      r();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as { port: number }).port;
  let buffered = Buffer.alloc(0);
  const answers: Buffer[] = [];
  let waiting: (() => void) | null = null;
  const onData = (d: Buffer) => {
    buffered = Buffer.concat([buffered, d]);
    while (buffered.length >= 2 && buffered.length >= 2 + buffered.readUInt16BE(0)) {
      answers.push(buffered.subarray(2, 2 + buffered.readUInt16BE(0)));
      buffered = buffered.subarray(2 + buffered.readUInt16BE(0));
    }
    waiting?.();
  };
  return {
    port,
    connected: connected.then(() => socket.on('data', onData)),
    /** Sends one or more messages in a single TCP write (to test re-framing). */
    send(...bodies: Uint8Array[]) {
      socket.write(Buffer.concat(bodies.map((b) => Buffer.concat([Buffer.from([b.length >> 8, b.length & 0xff]), Buffer.from(b)]))));
    },
    async answers(n: number): Promise<string[]> {
      while (answers.length < n) await new Promise<void>((r) => (waiting = r));
      return answers.splice(0, n).map((a) => hex(a));
    },
    closed: () => new Promise<void>((r) => (socket.destroyed ? r() : socket.once('close', () => r()))),
  };
}

let server: Server;
afterEach(() => new Promise<void>((r) => (server ? server.close(() => r()) : r())));

describe('vpcd client', () => {
  it('answers GET ATR and APDUs, ignores power messages, and re-frames coalesced messages', async () => {
    const reader = await fakeReader();
    const card = new VpcdCard(new SimApplet('8999401012345678901'), { port: reader.port });
    await card.insert();
    await reader.connected;
    reader.send(Uint8Array.of(0x04));
    expect(await reader.answers(1)).toEqual(['3B084D4153412D53494D']);
    // power on, select MF, select EF_ICCID, read: four messages in one write, three answers.
    reader.send(Uint8Array.of(0x01), Uint8Array.from([0, 0xa4, 0, 0x0c, 2, 0x3f, 0]), Uint8Array.from([0, 0xa4, 0, 0x0c, 2, 0x2f, 0xe2]), Uint8Array.from([0, 0xb0, 0, 0, 10]));
    expect(await reader.answers(3)).toEqual(['9000', '9000', '989904012143658709F19000']);
    expect(card.commandCount).toBe(3);
    await card.remove();
    await reader.closed();
    expect(card.inserted).toBe(false);
  });

  it('waits for a reader that is not listening yet, and gives up with a clear message', async () => {
    const card = new VpcdCard(new SimApplet('8999401012345678901'), { port: 1 });
    await expect(card.insert(200)).rejects.toThrow(/127\.0\.0\.1:1 is not listening/);
  });

  it('with reconnect on, comes back by itself after the reader restarts (pcscd restarted), with backoff; remove() stops it', async () => {
    // The reader's side: accept connections on one port, close everything (pcscd stopped), listen again later.
    const connections: Socket[] = [];
    const listen = (port: number) =>
      new Promise<Server>((r) => {
        const srv = createServer((sock) => connections.push(sock));
        srv.listen(port, '127.0.0.1', () => r(srv));
      });
    let reader = await listen(0);
    const port = (reader.address() as { port: number }).port;
    const events: string[] = [];
    const card = new VpcdCard(new SimApplet('8999401012345678901'), { port, reconnect: { initialMs: 20, maxMs: 100, onLost: () => events.push('lost'), onBack: () => events.push('back') } });
    await card.insert();
    await waitFor(() => connections.length === 1, 2000, 'first connection');

    // pcscd stops: the reader closes the card's connection and stops listening for a while (refused tries).
    await new Promise<void>((r) => {
      reader.close(() => r());
      for (const c of connections) c.destroy();
    });
    await waitFor(() => events.includes('lost'), 2000, 'the card to notice');
    expect(card.inserted).toBe(false);
    await new Promise((r) => setTimeout(r, 300));
    reader = await listen(port);
    await waitFor(() => card.inserted, 3000, 'the card to reconnect');
    expect(events).toEqual(['lost', 'back']);
    expect(connections.length).toBe(2);

    // Taken out by hand: no more reconnecting.
    await card.remove();
    await new Promise<void>((r) => reader.close(() => r()));
    await new Promise((r) => setTimeout(r, 300));
    expect(connections.length).toBe(2);
    expect(card.inserted).toBe(false);
  });
});
