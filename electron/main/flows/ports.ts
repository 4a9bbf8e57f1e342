// What the flows need from the card service, as ports: compose.ts hands in the card helper's implementations;
// tests hand in fakes. Nothing here reaches hardware directly.
import type { TokenStatus } from '../../../common/ipc/channels/flows';

export interface SimIccidRead {
  iccid: string;
  luhnValid: boolean;
  operator: string | null;
}

/** Reads the ICCID of the SIM in a reader (EF_ICCID): the only source of a "read from the card" ICCID. */
export interface SimIccidSource {
  readIccid(reader?: string): Promise<SimIccidRead>;
}

/** e-İmza token access. PIN/PUK buffers are zeroed by the caller after the call returns. */
export interface TokenPort {
  status(reader?: string): Promise<TokenStatus>;
  /** Unblocks the user PIN with the PUK and sets the new PIN. Throws PIN_WRONG / PIN_BLOCKED AppErrors. */
  unblockPin(reader: string | undefined, puk: Uint8Array, newPin: Uint8Array): Promise<void>;
}

export interface FlowPorts {
  sim: SimIccidSource;
  tokens: TokenPort;
}
