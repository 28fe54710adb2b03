import { readFileSync, rmSync } from 'node:fs';
import { minify } from '@swc/core';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { defineConfig, defaultClientConditions, type Plugin } from 'vite';

const here = import.meta.dirname;
// The bundle is always the production one (Lit's and Apollo's production builds), whatever NODE_ENV the
// caller has (Vitest sets "test").
process.env.NODE_ENV = 'production';
/** The portlet's size budget (issue #11): the ENT loads it on every "Assistance" page. */
export const BUDGET_GZIP_BYTES = 70 * 1024;

/**
 * Codegen writes each fragment's AST again inside every document that spreads it (TicketDetail sits in
 * twenty mutations); one shared object per fragment says the same with ~0.6 kB gzip less.
 */
function shareFragments(): Plugin {
  const marker = '{"kind":"FragmentDefinition"';
  return {
    name: 'helpdesk-share-fragments',
    enforce: 'pre',
    transform(code, id) {
      if (!id.endsWith('/graphql/generated/graphql.ts')) return null;
      const names = new Map<string, string>();
      let out = '';
      let at = 0;
      for (let start = code.indexOf(marker); start >= 0; start = code.indexOf(marker, at)) {
        let depth = 0;
        let end = start;
        do depth += code[end] === '{' ? 1 : code[end] === '}' ? -1 : 0;
        while (depth > 0 && ++end < code.length);
        const ast = code.slice(start, end + 1);
        if (!names.has(ast)) names.set(ast, `__fragment${names.size}`);
        out += code.slice(at, start) + names.get(ast)!;
        at = end + 1;
      }
      const shared = [...names].map(([ast, name]) => `const ${name} = ${ast};\n`).join('');
      return { code: shared + out + code.slice(at), map: null };
    },
  };
}

/**
 * A second, deeper minification (swc, two passes) after rolldown's saves ~1.3 kB gzip. Minified code
 * keeps newlines only inside template literals (Lit's HTML and CSS), where indentation means nothing.
 */
function minifyMore(): Plugin {
  return {
    name: 'helpdesk-minify',
    async renderChunk(code) {
      const out = await minify(code.replace(/\n[ \t]+/g, '\n'), {
        module: true,
        ecma: 2022,
        compress: { passes: 2, ecma: 2022 },
        sourceMap: true,
      });
      return { code: out.code, map: out.map ?? null };
    },
  };
}

/** Fails the build when the bundle grows over its gzip budget, and says how big it is. */
function budget(): Plugin {
  return {
    name: 'helpdesk-budget',
    writeBundle(options, bundle) {
      for (const file of Object.keys(bundle).filter((f) => f.endsWith('.js'))) {
        const bytes = gzipSync(readFileSync(path.join(options.dir!, file)), { level: 9 }).length;
        const line = `${file}: ${(bytes / 1024).toFixed(1)} kB gzip (budget ${BUDGET_GZIP_BYTES / 1024} kB)`;
        // No bundle rather than one over budget: the server and the tests must not pick it up.
        if (bytes > BUDGET_GZIP_BYTES) {
          rmSync(path.join(options.dir!, file));
          this.error(`over budget — ${line}`);
        }
        this.info(line);
      }
    },
  };
}

/** One ES module, portlet/dist/helpdesk-portlet.js, from a plain build (library mode is ~35% larger). */
export default defineConfig({
  root: here,
  define: { 'process.env.NODE_ENV': JSON.stringify('production') },
  // rxjs's es2015 build instead of its down-levelled esm5 default.
  resolve: { conditions: ['es2015', ...defaultClientConditions] },
  build: {
    outDir: path.join(here, 'dist'),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    copyPublicDir: false,
    // Rolldown's report uses a faster gzip than the budget's (zlib level 9, as bundle-size tools do): one number only.
    reportCompressedSize: false,
    rolldownOptions: {
      input: path.join(here, 'src/index.ts'),
      preserveEntrySignatures: 'exports-only',
      output: { entryFileNames: 'helpdesk-portlet.js', format: 'es', codeSplitting: false },
    },
  },
  plugins: [shareFragments(), minifyMore(), budget()],
});
