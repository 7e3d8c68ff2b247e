#!/usr/bin/env node
'use strict';
// The `mssar` command; the code is in src/cli (compiled to dist/src/cli).
require('../dist/src/cli/main.js').runCli(process.argv.slice(2));
