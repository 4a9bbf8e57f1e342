#!/usr/bin/env node
// `masa-server`: the sync server and its administration (server/cli.ts).
import { loadTsEntry } from './run-ts.mjs';

const { run } = await loadTsEntry(import.meta.url, 'server/cli.ts');
run(process.argv.slice(2));
