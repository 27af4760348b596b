// KafkaJS 2.2.4 computes a negative timer delay on every connection, which Node 24 reports as a
// TimeoutNegativeWarning (tulios/kafkajs#1751). The timer still fires; only the noise is dropped,
// so that a real warning in a test run stands out.
process.removeAllListeners('warning');
process.on('warning', (warning) => {
  if (warning.name !== 'TimeoutNegativeWarning')
    process.stderr.write(`${warning.name}: ${warning.message}\n`);
});
