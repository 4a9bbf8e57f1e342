// Types for scripts/electron-binary.mjs (plain JS so that `npm start` needs no TypeScript loader).
export function electronBinaryPath(dir: string): string | null;
export function ensureElectronBinary(dir: string, options?: { out?: (line: string) => void; err?: (line: string) => void; timeoutMs?: number }): string | null;
