/** The one clock. Tests replace it through the app's dependencies rather than patching Date. */
export type Clock = () => number;
export const systemClock: Clock = () => Date.now();
