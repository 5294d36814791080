// The one Node.js API the tests use (the project does not depend on @types/node).
declare module "node:fs" {
  export function readFileSync(path: URL, encoding: "utf8"): string;
}
