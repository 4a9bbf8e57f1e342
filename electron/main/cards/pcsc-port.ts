// The slice of the `smartcard` package the card service uses, as an interface so the service can be built with
// the real binding (production, integration tests) or without PC/SC at all (unit tests of callers).
//
// Why `smartcard` (tomkp, Node-API): it is ABI-stable across Node and Electron versions (no rebuild per Electron
// release, unlike the NAN-based pcsclite/@pokusew/pcsclite), exposes SCardGetStatusChange with the PnP
// notification on its own thread (ReaderMonitor) so hot-plug costs no polling in JS, supports exclusive connects,
// and transmits on the libuv thread pool without blocking the main process.
import { createRequire } from 'node:module';

export interface PcscCard {
  readonly protocol: number;
  transmit(command: Buffer, options?: { maxRecvLength?: number }): Promise<Buffer>;
  disconnect(disposition?: number): void;
}

export interface PcscReader {
  readonly name: string;
  readonly state: number;
  readonly atr: Buffer | null;
  connect(shareMode?: number, protocol?: number): Promise<PcscCard>;
}

export interface PcscContext {
  readonly isValid: boolean;
  listReaders(): PcscReader[];
  close(): void;
}

export interface PcscMonitorEvent {
  type: 'reader-attached' | 'reader-detached' | 'card-inserted' | 'card-removed' | 'error';
  reader: string;
  state: number;
  atr: Buffer | null;
}

export interface PcscMonitor {
  start(callback: (event: PcscMonitorEvent) => void): void;
  stop(): void;
}

export interface PcscBinding {
  Context: new () => PcscContext;
  ReaderMonitor: new () => PcscMonitor;
  SCARD_SHARE_EXCLUSIVE: number;
  SCARD_PROTOCOL_T0: number;
  SCARD_PROTOCOL_T1: number;
  SCARD_LEAVE_CARD: number;
  SCARD_RESET_CARD: number;
  SCARD_STATE_PRESENT: number;
  SCARD_STATE_EMPTY: number;
}

/** Loads the native binding lazily, so importing the card service never fails on a machine without libpcsclite. */
export function loadSmartcardBinding(): PcscBinding {
  const require = createRequire(import.meta.url);
  return require('smartcard') as PcscBinding;
}
