// Bundles the renderer and the front end it mounts (../src, the notebook's own code) into
// lib/index.js; `jupyter labextension build` then packs it as a prebuilt extension. JupyterLab's
// own packages stay external: the builder shares them with the running JupyterLab.
import * as esbuild from "esbuild";

/** A stylesheet imported from TypeScript arrives as its text, bundled from its sources here
 * (its @imports resolved, minified): the same sources js/build.mjs bundles, not its output. */
const cssAsText = {
  name: "css-as-text",
  setup(build) {
    build.onLoad({ filter: /\.css$/ }, async (args) => {
      const result = await esbuild.build({
        entryPoints: [args.path],
        bundle: true,
        minify: true,
        write: false,
        logLevel: "silent",
        legalComments: "none",
        metafile: true,
      });
      return {
        contents: result.outputFiles[0].text,
        loader: "text",
        watchFiles: Object.keys(result.metafile.inputs),
      };
    });
  },
};

await esbuild.build({
  entryPoints: ["src/index.ts"],
  bundle: true,
  format: "esm",
  target: "es2020",
  minify: true,
  outfile: "lib/index.js",
  external: ["@jupyterlab/*", "@lumino/*"],
  plugins: [cssAsText],
  logLevel: "info",
  legalComments: "none",
});
