// How the bench writes its figures: whole milliseconds, seconds with two decimals, minutes, MiB, ratios.
export const ms = (n: number): string => (Number.isFinite(n) ? `${Math.round(n)} ms` : '–');
export const seconds = (msValue: number): string => (Number.isFinite(msValue) ? `${(msValue / 1000).toFixed(2)} s` : '–');
export const minutes = (msValue: number): string => (Number.isFinite(msValue) ? `${(msValue / 60_000).toFixed(1)} min` : '–');
export const mib = (n: number): string => (Number.isFinite(n) ? `${Math.round(n)} MiB` : '–');
export const ratio = (n: number): string => (Number.isFinite(n) ? `${n.toFixed(2)}×` : '–');
