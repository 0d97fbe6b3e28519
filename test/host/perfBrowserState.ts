// What the VS Code web workbench keeps in the browser for the page's origin: localStorage (where
// code-server seals SecretStorage, key `secrets.provider`) and every IndexedDB database (global
// and workspace state, the user data file system). Used to check that an API key is nowhere in
// them outside the sealed secret store.
import type { Page } from 'playwright-core';

export interface BrowserStateEntry {
  /** `localStorage` or `<database>/<object store>`. */
  store: string;
  key: string;
  value: string;
}

/** The secret store's own entry in code-server (sealed with AES-GCM); excluded from leak checks. */
export const SECRET_STORE_ENTRY = { store: 'localStorage', key: 'secrets.provider' };

// Runs in the page; a string because this code is compiled without the DOM lib.
const READ_STATE = `(async () => {
  const text = (v) => {
    if (typeof v === 'string') return v;
    if (v instanceof Uint8Array) return new TextDecoder().decode(v);
    if (v instanceof ArrayBuffer) return new TextDecoder().decode(new Uint8Array(v));
    try { return JSON.stringify(v, (_k, x) => (x instanceof Uint8Array ? new TextDecoder().decode(x) : x)); } catch { return String(v); }
  };
  const req = (r) => new Promise((resolve, reject) => { r.onsuccess = () => resolve(r.result); r.onerror = () => reject(r.error); });
  const out = [];
  for (let i = 0; i < localStorage.length; i++) {
    const k = localStorage.key(i);
    out.push({ store: 'localStorage', key: String(k), value: String(localStorage.getItem(k)) });
  }
  for (const d of await indexedDB.databases()) {
    if (!d.name) continue;
    const db = await req(indexedDB.open(d.name));
    for (const name of Array.from(db.objectStoreNames)) {
      const st = db.transaction(name, 'readonly').objectStore(name);
      const [keys, values] = await Promise.all([req(st.getAllKeys()), req(st.getAll())]);
      keys.forEach((k, j) => out.push({ store: d.name + '/' + name, key: text(k), value: text(values[j]) }));
    }
    db.close();
  }
  return out;
})()`;

export async function browserState(page: Page): Promise<BrowserStateEntry[]> {
  return (await page.evaluate(READ_STATE)) as BrowserStateEntry[];
}

/** Entries (other than the sealed secret store) whose key or value holds any of `needles`. */
export function entriesContaining(entries: readonly BrowserStateEntry[], needles: readonly string[]): BrowserStateEntry[] {
  return entries.filter(
    (e) =>
      !(e.store === SECRET_STORE_ENTRY.store && e.key === SECRET_STORE_ENTRY.key) &&
      needles.some((n) => e.key.includes(n) || e.value.includes(n)),
  );
}
