import m001 from './001_init';

export interface Migration {
  version: number;
  name: string;
  up: string;
}

/** In order. Add new files as NNN_name.ts and list them here. */
export const migrations: Migration[] = [m001];
