// Loaded into a server process by a fault test (NODE_OPTIONS=--import): on SIGUSR2, one exception and
// one rejected promise that nothing handles, as a library's unheard 'error' event or a forgotten promise.
process.on('SIGUSR2', () => {
  void Promise.reject(new Error('injected rejection'));
  setImmediate(() => {
    throw new Error('injected exception');
  });
});
