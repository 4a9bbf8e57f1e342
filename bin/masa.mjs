#!/usr/bin/env node
// `masa`: the desk's command line (cli/masa.ts).
import { loadTsEntry } from './run-ts.mjs';

const { main } = await loadTsEntry(import.meta.url, 'cli/masa.ts');
process.exit(await main(process.argv.slice(2)));
