// Above this share of a CPU in the quieter of two windows, an idle server is spinning: a spinner is busy
// in every window, a correct server (even one woken late on a loaded machine) in one at most. Passed to
// quietestBusyShare as `quietAt`, so a correct server's quiet first window ends the measure.
export const SPINNING_SHARE = 0.5;
