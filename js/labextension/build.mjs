// Bundles the renderer and the front end it mounts (../src, the notebook's own code) into
// lib/index.js; `jupyter labextension build` then packs it as a prebuilt extension. JupyterLab's
// own packages stay external: the builder shares them with the running JupyterLab.
import * as esbuild from "esbuild";

await esbuild.build({
  entryPoints: ["src/index.ts"],
  bundle: true,
  format: "esm",
  target: "es2020",
  minify: true,
  outfile: "lib/index.js",
  external: ["@jupyterlab/*", "@lumino/*"],
  loader: { ".css": "text" },
  logLevel: "info",
  legalComments: "none",
});
