/**
 * `compute`, remembered per object: the read rules turn a viewer into the same SQL at every request,
 * and a signed-in viewer is the same object for 15 s (auth/viewer-cache.ts), so its SQL is built once.
 * The object must not change meanwhile (a viewer never does: a changed one is a new object). What is
 * remembered is shared between requests, so it is frozen: a caller copies before adding to it.
 */
export function perObject<K extends object, V extends object>(compute: (key: K) => V): (key: K) => V {
  const memo = new WeakMap<K, V>();
  return (key) => {
    let value = memo.get(key);
    if (value === undefined) memo.set(key, (value = deepFreeze(compute(key))));
    return value;
  };
}

function deepFreeze<V extends object>(value: V): V {
  for (const inner of Object.values(value)) if (inner && typeof inner === 'object' && !Object.isFrozen(inner)) deepFreeze(inner as object);
  return Object.freeze(value);
}
