// Loads the playground without any inline script, so the Content-Security-Policy needs no hash or nonce.
// Trunk writes this tag (Trunk.toml `pattern_script`) with the hashed names of the JS glue and the wasm.
// The theme chosen last (web/src/storage.rs keeps it under this key), for the header shown until the page
// has started and takes the theme over; with none chosen, the style sheet follows the system's.
try {
  const chosen = JSON.parse(localStorage.getItem('crisscross.theme'));
  if (chosen === 'light' || chosen === 'dark') document.documentElement.dataset.theme = chosen;
} catch {
  // No storage (a private window may refuse it) or an unreadable value: the system's theme it is.
}
const me = document.querySelector('script[data-crisscross-js]');
// The wasm is compiled from now on, as its bytes arrive, while the glue below is fetched and evaluated
// (the glue would only start compiling once it has run). A server that does not send the .wasm as
// application/wasm cannot stream it: the glue then fetches and compiles it itself.
const compiling = WebAssembly.compileStreaming(fetch(me.dataset.crisscrossWasm)).catch(() => null);
// A workshop deck named in the address (?deck=decks/intro.json) is read now, while connect-src still
// allows this site: once the wasm runs, the page can fetch nothing. Only this site's own files are read.
const deckPath = new URLSearchParams(location.search).get('deck');
if (deckPath !== null) globalThis.crisscrossDeck = await readDeck(deckPath);
try {
  const { default: init } = await import(me.dataset.crisscrossJs);
  await init({ module_or_path: (await compiling) ?? me.dataset.crisscrossWasm });
} catch (e) {
  // Where the loading header said it was loading, or, if the page had already taken its place, below it.
  const status = document.getElementById('boot-status') ?? document.body.appendChild(document.createElement('p'));
  status.textContent =
    `The playground could not start (${e?.message ?? e}). It needs WebAssembly, which every current browser ` +
    'has unless a policy or an extension turns it off; reload the page to try again.';
  throw e;
}
// The wasm is running: from now on the page may not fetch anything. A second policy can only narrow the
// first, so this turns connect-src 'self' (needed for the .wasm) into connect-src 'none'.
const lock = document.createElement('meta');
lock.httpEquiv = 'Content-Security-Policy';
lock.content = "connect-src 'none'";
document.head.append(lock);

/** The deck file at `path` as `{source, text}`, or why not as `{source, error}`. */
async function readDeck(path) {
  const url = new URL(path, location.href);
  if (url.origin !== location.origin) {
    return { source: path, error: `${path} is not on this site (${location.origin}); decks are read from the page's own site only` };
  }
  try {
    const response = await fetch(url, { credentials: 'same-origin' });
    if (!response.ok) return { source: path, error: `${path} could not be read (HTTP ${response.status})` };
    return { source: path, text: await response.text() };
  } catch (e) {
    return { source: path, error: `${path} could not be read (${e.message})` };
  }
}
