// Loads the playground without any inline script, so the Content-Security-Policy needs no hash or nonce.
// Trunk writes this tag (Trunk.toml `pattern_script`) with the hashed names of the JS glue and the wasm.
const me = document.querySelector('script[data-crisscross-js]');
const { default: init } = await import(me.dataset.crisscrossJs);
await init({ module_or_path: me.dataset.crisscrossWasm });
// The wasm is running: from now on the page may not fetch anything. A second policy can only narrow the
// first, so this turns connect-src 'self' (needed for the .wasm) into connect-src 'none'.
const lock = document.createElement('meta');
lock.httpEquiv = 'Content-Security-Policy';
lock.content = "connect-src 'none'";
document.head.append(lock);
document.documentElement.dataset.ready = 'true';
