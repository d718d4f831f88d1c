package com.s3dynamopipe.bench;

/**
 * Sizes and counts of one run. The full run is what docs/benchmarks.md records; {@code --quick} is a smoke run
 * with tiny sizes and counts that only proves the harness works (its figures mean nothing).
 *
 * @param rounds           A/B repetitions of each upload comparison (each round: one block of A, one of B)
 * @param bigPerBlock      4 MiB uploads per block
 * @param smallPerClient   10 KiB uploads per block and per concurrent client
 * @param mibPerClient     1 MiB uploads per block and per concurrent client (the rows against the reference peer)
 * @param largeBytes       the processor's large object (1 GiB)
 * @param largeRounds      A/B repetitions of the processor comparison
 * @param pipelineFiles    uploads followed to PROCESSED, one at a time
 * @param packagedRequests requests to each packaged function before its RSS is read (1,000)
 */
record Settings(boolean quick, int rounds, int bigPerBlock, int smallPerClient, int mibPerClient, long largeBytes, int largeRounds,
        int pipelineFiles, int packagedRequests) {

    static Settings fullRun() {
        return new Settings(false, 5, 8, 25, 10, Payloads.GIB, 3, 40, 1000);
    }

    static Settings quickRun() {
        return new Settings(true, 2, 2, 2, 2, 16L * Payloads.MIB, 1, 3, 20);
    }

    int[] concurrencies() {
        return new int[] {1, 8, 32};
    }

    String largeLabel() {
        return largeBytes >= Payloads.GIB ? (largeBytes / Payloads.GIB) + " GiB" : (largeBytes / Payloads.MIB) + " MiB";
    }
}
