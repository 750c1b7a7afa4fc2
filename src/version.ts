import pkg from "../package.json" with { type: "json" };

/** The version string shown in /healthz and the footer; set at build time from package.json. */
export const VERSION: string = pkg.version;
