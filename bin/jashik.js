#!/usr/bin/env -S node --max-semi-space-size=64
// The `jashik` command: loads the TypeScript sources through tsx so there is no build step.
// --max-semi-space-size: V8's young generation sized for a server that makes many short-lived
// objects per request (fewer scavenges: bench/mailbox-list measured 1.37 → 0.9–1.1 Node CPU ms per
// listing). It must be given when Node starts (v8.setFlagsFromString cannot resize the heap), hence
// the shebang; `npm start` runs this file, and SMTP worker processes inherit the flag.
import { register } from 'tsx/esm/api';
register();
await import('../src/cli/main.ts');
