/**
 * `compute`, remembered per object: the loader keeps the objects of documents that did not
 * change, so a result derived from one object alone is made once, not on every keystroke.
 * Only for results that depend on nothing but the object (the WeakMap lets it go with it).
 */
export function perObject<K extends object, V>(compute: (key: K) => V): (key: K) => V {
  const made = new WeakMap<K, V>();
  return (key) => {
    // One lookup when it was made (a made value may itself be undefined, hence has()).
    const hit = made.get(key);
    if (hit !== undefined || made.has(key)) return hit as V;
    const value = compute(key);
    made.set(key, value);
    return value;
  };
}
