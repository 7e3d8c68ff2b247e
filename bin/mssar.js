#!/usr/bin/env node
'use strict';
// The `mssar` command; the code is in src/cli (compiled to dist/src/cli).

// OpenMP threads that spin while they wait (libgomp's default) lose most of their time on a machine
// where anything else runs: a waiting thread burns the time slice its partner needs. On two cores
// with other work going on, training ran 2 to 6 times faster with passive waits; spinning can only
// win on an otherwise idle machine. The runtime reads this when the native library loads, so it is
// set before anything is required; an explicit OMP_WAIT_POLICY wins.
if (process.env.OMP_WAIT_POLICY === undefined) process.env.OMP_WAIT_POLICY = 'PASSIVE';

require('../dist/src/cli/main.js').runCli(process.argv.slice(2));
