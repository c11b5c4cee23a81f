#!/usr/bin/env node
// The errgen command. The sources are TypeScript, run through tsx's loader.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../generators/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
