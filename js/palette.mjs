// Writes the hue-step rules of src/colors.css (between its palette markers) from color.ts.
import { readFileSync, writeFileSync } from "node:fs";
import * as esbuild from "esbuild";

const built = await esbuild.build({ entryPoints: ["src/color.ts"], bundle: true, format: "esm", write: false });
const color = await import(`data:text/javascript,${encodeURIComponent(built.outputFiles[0].text)}`);
const path = "src/colors.css";
const css = readFileSync(path, "utf8");
const start = "/* palette:start */\n";
const end = "/* palette:end */";
const before = css.slice(0, css.indexOf(start) + start.length);
writeFileSync(path, `${before}${color.paletteCss()}\n${css.slice(css.indexOf(end))}`);
console.log(`${path}: ${color.HUE_STEPS} hue steps written`);
