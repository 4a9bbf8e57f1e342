// What the flows need from the card service, as ports: compose.ts hands in the card adapters; tests hand in fakes.
// Nothing here reaches hardware directly.
import type { TokenPort } from '../cards/token-port';

export type { TokenPort };

export interface SimIccidRead {
  iccid: string;
  luhnValid: boolean;
  operator: string | null;
  /** The reader the SIM was in (absent from test doubles that stand for one reader). */
  reader?: string;
}

/** Reads the ICCID of the SIM in a reader (EF_ICCID): the only source of a "read from the card" ICCID. */
export interface SimIccidSource {
  readIccid(reader?: string): Promise<SimIccidRead>;
}

export interface FlowPorts {
  sim: SimIccidSource;
  tokens: TokenPort;
}
