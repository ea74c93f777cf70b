// The engine's bundle, plus the outbox relay's worker thread as an entry of its own
// (dist/apps/risk-engine/relay-worker.js next to main.js); see ADR 0009.
const { dirname, join } = require('node:path');

module.exports = (options) => ({
  ...options,
  entry: {
    main: options.entry,
    'relay-worker': join(__dirname, 'src/outbox/relay-worker.ts'),
  },
  // Nest names the output dist/<app root>/main.js; both entries go to that folder.
  output: { ...options.output, filename: join(dirname(options.output.filename), '[name].js') },
});
