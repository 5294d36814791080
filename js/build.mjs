// Bundles the front end into the Python package's static/ folder.
import * as esbuild from "esbuild";

const watch = process.argv.includes("--watch");
const options = {
  entryPoints: ["src/widget.ts", "src/widget.css"],
  bundle: true,
  format: "esm",
  target: "es2020",
  minify: !watch,
  outdir: "../ctxwidget/static",
  logLevel: "info",
  legalComments: "none",
};
if (watch) {
  const ctx = await esbuild.context(options);
  await ctx.watch();
} else {
  await esbuild.build(options);
}
