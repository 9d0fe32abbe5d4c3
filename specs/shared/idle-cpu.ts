// Above this share of a CPU in the quieter of two windows, an idle server is spinning: a spinner is busy
// in every window, a correct server (even one woken late on a loaded machine) in one at most. Passed to
// quietestBusyShare as `quietAt`, so a correct server's quiet first window ends the measure.
export const SPINNING_SHARE = 0.5;

// Each window of an idle-CPU measure. Busy time is the kernel's nanosecond accounting plus a state sample
// every 10 ms, so 150 ms already tells a spinner (busy ~150 ms) from a blocked server (~0 ms); a longer
// window only made the test, the longest of its assignment, a student's wait for the whole grade.
export const IDLE_WINDOW_MS = 150;
