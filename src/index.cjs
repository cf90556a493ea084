// The bundle's entry, the one CommonJS file of src/: ncc bundles a CommonJS entry as CommonJS,
// which Node starts sooner than an ES module (docs/benchmarks.md). What it runs, src/main.ts, is
// an ES module like the rest of src/; run() reports every failure itself.
require('./main.ts').run();
