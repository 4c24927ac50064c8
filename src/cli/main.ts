// Placeholder until the CLI lands in this commit series.
console.log('jashik');
