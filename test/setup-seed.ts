// Every property test runs from the same seed, so `npm test` is deterministic: a run either
// passes or fails the same way everywhere. Exploring new cases is the long fuzz run's job
// (`npm run fuzz`), which draws fresh seeds and reports each finding with its own.
import fc from 'fast-check';

fc.configureGlobal({ seed: 20261207 });
