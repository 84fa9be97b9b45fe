/**
 * The one registry of the evaluator's module-level caches, so a test (or a mutation run,
 * where one process judges under many mutants) can forget every kept verdict at once and
 * judge afresh: `tests/reset-caches.ts` calls `resetCaches()` before each test.
 */

const resets: (() => void)[] = [];

/** Registers a function that forgets one cache (a lazily computed value, say). */
export function onReset(reset: () => void): void {
    resets.push(reset);
}

/** Registers a Map, Set or {@link ClearableWeakMap} to be emptied by `resetCaches()`. */
export function resettable<T extends { clear(): void }>(cache: T): T {
    onReset(() => cache.clear());
    return cache;
}

/** Empties every registered cache. */
export function resetCaches(): void {
    for (const reset of resets) {
        reset();
    }
}

/** A WeakMap that can be emptied: WeakMap has no `clear`, so the inner map is replaced. */
export class ClearableWeakMap<K extends object, V> {
    private map = new WeakMap<K, V>();

    get(key: K): V | undefined {
        return this.map.get(key);
    }

    has(key: K): boolean {
        return this.map.has(key);
    }

    set(key: K, value: V): this {
        this.map.set(key, value);
        return this;
    }

    clear(): void {
        this.map = new WeakMap();
    }
}
