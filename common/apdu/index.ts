export * from './apdu';
export * from './errors';
export * from './status-words';
export * from './tlv';
export * from './transmit';
export type { CardChannel } from './channel';
