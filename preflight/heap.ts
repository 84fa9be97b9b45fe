// Keeps the heap near what the program holds. A program under mocks makes garbage quickly (the
// SDK's promises and serialized copies of every resource), and V8 grows the heap rather than
// collect it: a 300-tenant program peaked at 1.3 GB of heap of which some 300 MB was live.
// A full collection whenever the heap has grown by the headroom since the last one keeps the
// peak near live + headroom, without a heap limit that a large program could hit. The
// headroom grows with what the last collection left, so a program whose live heap keeps
// growing (thousands of resources constructed before the first is registered) is not
// collected over and over for little.
import * as v8 from "v8";
import * as vm from "vm";

let collect: (() => void) | undefined;

/** The engine's full garbage collection, exposed without the `--expose-gc` command-line flag. */
function gc(): () => void {
    if (!collect) {
        v8.setFlagsFromString("--expose-gc");
        collect = vm.runInNewContext("gc") as () => void;
    }
    return collect;
}

/**
 * Returns a check to call now and then: it collects once the heap has grown past the headroom,
 * `minimumMb` or a third of what the last collection left, whichever is more. 160 MB and a third
 * keep the 300-tenant example (8,730 resources) under 1 GB at the same wall time as 256 MB and
 * a half, which peaked at 1,040 MB.
 */
export function heapKeeper(minimumMb = 160): () => void {
    const used = () => v8.getHeapStatistics().used_heap_size;
    let floor = used();
    return () => {
        if (used() - floor > Math.max(minimumMb * 1024 * 1024, floor / 3)) {
            gc()();
            floor = used();
        }
    };
}
