// The whole bridge: invoke a contract channel, listen to a contract event. Nothing else of Electron reaches the page.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { channelNames, eventNames, IPC_PREFIX } from '../../common/ipc/contract';

const allowedChannels = new Set<string>(channelNames);
const allowedEvents = new Set<string>(eventNames);

contextBridge.exposeInMainWorld('masa', {
  invoke(channel: string, input?: unknown): Promise<unknown> {
    if (!allowedChannels.has(channel)) return Promise.resolve({ ok: false, error: { code: 'UNKNOWN_CHANNEL', message: `Unknown channel ${channel}` } });
    return ipcRenderer.invoke(`${IPC_PREFIX}invoke`, channel, input);
  },
  on(event: string, listener: (payload: unknown) => void): () => void {
    if (!allowedEvents.has(event)) return () => {};
    const wrapped = (_e: IpcRendererEvent, name: string, payload: unknown) => {
      if (name === event) listener(payload);
    };
    ipcRenderer.on(`${IPC_PREFIX}event`, wrapped);
    return () => ipcRenderer.removeListener(`${IPC_PREFIX}event`, wrapped);
  },
});
