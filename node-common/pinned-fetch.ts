// fetch over a TLS channel to a server whose public key is pinned (issue 10, deliver 2): the desk's sync client and
// `masa-server`'s admin commands. The server's certificate is self-signed or from any CA — neither matters: the
// connection is handed to the HTTP client only once the key it presented hashes to the pin, so no request byte ever
// reaches a server holding another key (a fake server at the desk's server address learns nothing, not even the
// enrolment code).
import { connect, type TLSSocket } from 'node:tls';
import { x509Pin } from './key-pins';
import { isIP } from 'node:net';
import { Agent, fetch as undiciFetch, type buildConnector } from 'undici';
import type { FetchLike } from '../common/sync/client';

/** The server presented a key other than the pinned one. */
export class PinMismatchError extends Error {
  readonly code = 'SERVER_KEY_MISMATCH';
  constructor(readonly expected: string, readonly presented: string | null) {
    super(`the server presented another key (${presented ?? 'none'}) than the one pinned at enrolment (${expected})`);
  }
}

export function socketPin(socket: TLSSocket): string | null {
  const cert = socket.getPeerX509Certificate();
  return cert ? x509Pin(cert) : null;
}

/** A connector that completes only towards the pinned key. */
function pinnedConnector(pin: string): buildConnector.connector {
  return (opts, callback) => {
    let done = false;
    const finish = (err: Error | null, socket: TLSSocket | null) => {
      if (done) return;
      done = true;
      if (err) callback(err, null);
      else callback(null, socket!);
    };
    const host = opts.hostname.replace(/^\[|\]$/g, '');
    // Chain and host name are not what identifies the server here, the pin is (checked below, before any request).
    const socket = connect({ host, port: Number(opts.port) || 443, servername: isIP(host) ? undefined : host, rejectUnauthorized: false, ALPNProtocols: ['http/1.1'] });
    socket.once('secureConnect', () => {
      const presented = socketPin(socket);
      if (presented === pin) return finish(null, socket);
      const e = new PinMismatchError(pin, presented);
      socket.destroy(e);
      finish(e, null);
    });
    socket.once('error', (e) => finish(e, null));
    return socket;
  };
}

/** fetch towards https:// URLs of the server with `pin`; the agent keeps connections alive between requests. */
export function pinnedFetch(pin: string): FetchLike {
  const dispatcher = new Agent({ connect: pinnedConnector(pin) });
  return (url, init) => undiciFetch(url, { ...(init as object), dispatcher }) as unknown as Promise<Response>;
}
