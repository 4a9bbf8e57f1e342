// What the desk can tell about an e-İmza token (or PIN card) in a reader: shown on the token page, returned by an
// unblock. One vocabulary for every kind of token, declared with the card contract (common/ipc/channels/cards.ts).
export { tokenStatusSchema, type TokenStatus } from '../ipc/channels/cards';
