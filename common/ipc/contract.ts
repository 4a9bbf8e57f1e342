// The IPC contract: every channel the renderer may call and every event main may push, each with zod schemas.
// Main validates inputs against it (the authority); the preload and the browser bridge expose exactly these names.
// Each feature owns a module in ./channels; add one line per feature to each list below.
import type { z } from 'zod';
import type { ChannelMap, EventMap } from './define';
import { appChannels, appEvents } from './channels/app';
import { visitsChannels, visitsEvents } from './channels/visits';
import { flowsChannels, flowsEvents } from './channels/flows';
import { idcardChannels, idcardEvents } from './channels/idcard';
import { syncChannels, syncEvents } from './channels/sync';
import { cardsChannels, cardsEvents } from './channels/cards';
import { customersChannels, customersEvents } from './channels/customers';
import { auditChannels, auditEvents } from './channels/audit';
import { retentionChannels, retentionEvents } from './channels/retention';
import { printingChannels, printingEvents } from './channels/printing';
import { paymentsChannels, paymentsEvents } from './channels/payments';
import { shiftsChannels, shiftsEvents } from './channels/shifts';
import { stockChannels, stockEvents } from './channels/stock';

export const channels = {
  ...appChannels,
  ...visitsChannels,
  ...flowsChannels,
  ...idcardChannels,
  ...syncChannels,
  ...cardsChannels,
  ...customersChannels,
  ...auditChannels,
  ...retentionChannels,
  ...printingChannels,
  ...paymentsChannels,
  ...shiftsChannels,
  ...stockChannels,
} satisfies ChannelMap;

export const events = {
  ...appEvents,
  ...visitsEvents,
  ...flowsEvents,
  ...idcardEvents,
  ...syncEvents,
  ...cardsEvents,
  ...customersEvents,
  ...auditEvents,
  ...retentionEvents,
  ...printingEvents,
  ...paymentsEvents,
  ...shiftsEvents,
  ...stockEvents,
} satisfies EventMap;

export type Channels = typeof channels;
export type ChannelName = keyof Channels;
export type ChannelInput<C extends ChannelName> = z.input<Channels[C]['input']>;
export type ChannelOutput<C extends ChannelName> = z.output<Channels[C]['output']>;
export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<E extends EventName> = z.output<Events[E]>;

export const channelNames = Object.keys(channels) as ChannelName[];
export const eventNames = Object.keys(events) as EventName[];

export function isChannelName(name: unknown): name is ChannelName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(channels, name);
}

/** The prefix under which the preload exposes channels, so IPC names cannot collide with Electron's own. */
export const IPC_PREFIX = 'masa:';
