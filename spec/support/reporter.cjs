// Mocha's spec output, then the closing line CI reads: "N passed, N failed, N skipped".
const { Spec } = require('mocha').reporters

class Summary extends Spec {
  constructor(runner, options) {
    super(runner, options)
    runner.once('end', () => {
      const { passes, failures, pending } = runner.stats
      process.stdout.write(`\n${passes} passed, ${failures} failed, ${pending} skipped\n`)
    })
  }
}

module.exports = Summary
