import { setDefaultTimeout } from "bun:test";

// Browser tests start the app and Chromium, and sign-in tests hash with argon2id on purpose: on a
// busy 2-core CI machine Bun's 5 s default is too tight. (bunfig's [test] timeout is not applied by Bun 1.4.)
setDefaultTimeout(60_000);
