declare module "*.sql" {
  const text: string;
  export default text;
}
// Files imported `with { type: "file" }` resolve to a path Bun.file() can read, in dev and in the compiled binary.
declare module "*.css" {
  const path: string;
  export default path;
}
declare module "*.svg" {
  const path: string;
  export default path;
}
declare module "*.min.js" {
  const path: string;
  export default path;
}
declare module "*.png" {
  const path: string;
  export default path;
}
declare module "*/push.js" {
  const path: string;
  export default path;
}
declare module "*/sw.js" {
  const path: string;
  export default path;
}
declare module "*/app.js" {
  const path: string;
  export default path;
}
declare module "*/api-reference.js" {
  const path: string;
  export default path;
}
declare module "*/typing.js" {
  const path: string;
  export default path;
}
declare module "*/notes.js" {
  const path: string;
  export default path;
}
declare module "*/thread.js" {
  const path: string;
  export default path;
}
declare module "*/reply-attach.js" {
  const path: string;
  export default path;
}
declare module "*/invoice.js" {
  const path: string;
  export default path;
}
declare module "*/shortcuts.js" {
  const path: string;
  export default path;
}
