// Walks everything reachable from a value the way another extension could: own properties
// (enumerable or not, string or symbol keys), getters on every prototype, Map and Set entries,
// array items and the properties of functions (promises are not awaited). It reports the
// paths at which a string containing one of the needles turns up. No imports: the probe
// extension (test/e2e/exportsProbe.ts) copies the compiled file next to its own code.

export interface WalkResult {
  /** Paths like `exports.controller.options.client` where a needle was found. */
  found: string[];
  /** Objects visited. */
  visited: number;
}

const MAX_OBJECTS = 200_000;

export function walkForSecrets(root: unknown, needles: readonly string[], rootName = 'exports'): WalkResult {
  const seen = new Set<object>();
  const found: string[] = [];
  const queue: Array<{ value: unknown; path: string }> = [{ value: root, path: rootName }];
  const check = (text: string, path: string): void => {
    if (needles.some((n) => n.length > 0 && text.includes(n))) {
      found.push(path);
    }
  };
  while (queue.length > 0 && seen.size < MAX_OBJECTS) {
    const { value, path } = queue.shift() as { value: unknown; path: string };
    if (typeof value === 'string') {
      check(value, path);
      continue;
    }
    if ((typeof value !== 'object' && typeof value !== 'function') || value === null) {
      continue;
    }
    if (seen.has(value)) {
      continue;
    }
    seen.add(value);
    const push = (child: unknown, childPath: string): void => {
      if (typeof child === 'string' || (typeof child === 'object' && child !== null) || typeof child === 'function') {
        queue.push({ value: child, path: childPath });
      }
    };
    if (value instanceof Map) {
      let i = 0;
      for (const [k, v] of value) {
        push(k, `${path}<key ${i}>`);
        push(v, `${path}<value ${i}>`);
        i++;
      }
    } else if (value instanceof Set) {
      let i = 0;
      for (const v of value) {
        push(v, `${path}<item ${i++}>`);
      }
    }
    if (typeof value === 'function') {
      try {
        check(Function.prototype.toString.call(value), `${path}<source>`);
      } catch {
        // a revoked proxy or similar
      }
    }
    // Own properties of the object and of each prototype (getters there run against the object).
    for (let proto: object | null = value; proto !== null; proto = safeProto(proto)) {
      const isOwn = proto === value;
      if (!isOwn && (proto === Object.prototype || proto === Function.prototype)) {
        break;
      }
      for (const key of safeKeys(proto)) {
        const name = typeof key === 'symbol' ? `[${String(key)}]` : key;
        const descriptor = Object.getOwnPropertyDescriptor(proto, key);
        if (!descriptor) {
          continue;
        }
        if ('value' in descriptor) {
          // Methods on prototypes are shared code, not this object's data.
          if (isOwn || typeof descriptor.value !== 'function') {
            push(descriptor.value, `${path}.${name}`);
          }
        } else if (descriptor.get) {
          try {
            push(descriptor.get.call(value), `${path}.${name}`);
          } catch {
            // a getter that throws (e.g. "no controller yet") leads nowhere
          }
        }
      }
    }
  }
  return { found, visited: seen.size };
}

function safeProto(value: object): object | null {
  try {
    return Object.getPrototypeOf(value) as object | null;
  } catch {
    return null;
  }
}

function safeKeys(value: object): Array<string | symbol> {
  try {
    return Reflect.ownKeys(value);
  } catch {
    return [];
  }
}

/** The key and the forms it travels in (HTTP Basic user name). */
export function secretForms(key: string): string[] {
  const basic = typeof Buffer !== 'undefined' ? Buffer.from(`${key}:`, 'utf8').toString('base64') : btoa(`${key}:`);
  return [key, basic];
}
