import { rmSync } from 'node:fs';
import { minify } from '@swc/core';
import path from 'node:path';
import { defineConfig, defaultClientConditions, type Plugin } from 'vite';
import { builtScripts, ENTRY_FILE, measureModules, sizeLine } from './bundle-sizes.js';

const here = import.meta.dirname;
// The bundle is always the production one (Lit's and Apollo's production builds), whatever NODE_ENV the
// caller has (Vitest sets "test").
process.env.NODE_ENV = 'production';

/**
 * Codegen writes every document into one module, and writes each fragment's AST again inside every
 * document that spreads it (TicketDetail sits in twenty mutations). A module lands whole in one chunk:
 * the documents of the parts loaded on demand would all weigh on the entry. So each document becomes a
 * module of its own, which the bundler places with the code that uses it, and each fragment one shared
 * object (~0.6 kB gzip less than its copies).
 */
function splitDocuments(): Plugin {
  const marker = '{"kind":"FragmentDefinition"';
  const documentLine = /^export const (\w+) = (\{.*\}) as unknown as DocumentNode<.*>;$/gm;
  const modules = new Map<string, string>();
  return {
    name: 'helpdesk-split-documents',
    enforce: 'pre',
    resolveId: (id) => (modules.has(id) ? `\0${id}` : null),
    load: (id) => (id.startsWith('\0') ? (modules.get(id.slice(1)) ?? null) : null),
    transform(code, id) {
      if (!id.endsWith('/graphql/generated/graphql.ts')) return null;
      const fragments = new Map<string, string>();
      /** The document's AST with each fragment definition as a reference to its shared module. */
      const share = (ast: string): { ast: string; used: Set<string> } => {
        const used = new Set<string>();
        let out = '';
        let at = 0;
        for (let start = ast.indexOf(marker); start >= 0; start = ast.indexOf(marker, at)) {
          let depth = 0;
          let end = start;
          do depth += ast[end] === '{' ? 1 : ast[end] === '}' ? -1 : 0;
          while (depth > 0 && ++end < ast.length);
          const fragment = ast.slice(start, end + 1);
          if (!fragments.has(fragment)) {
            fragments.set(fragment, `__fragment${fragments.size}`);
            modules.set(`helpdesk-fragment:${fragments.get(fragment)}`, `export default ${fragment};`);
          }
          used.add(fragments.get(fragment)!);
          out += ast.slice(at, start) + fragments.get(fragment)!;
          at = end + 1;
        }
        return { ast: out + ast.slice(at), used };
      };
      const out = code.replace(documentLine, (_, name: string, document: string) => {
        const { ast, used } = share(document);
        const imports = [...used].map((f) => `import ${f} from 'helpdesk-fragment:${f}';\n`).join('');
        modules.set(`helpdesk-document:${name}`, `${imports}export const ${name} = ${ast};`);
        return `export { ${name} } from 'helpdesk-document:${name}';`;
      });
      return { code: out, map: null };
    },
  };
}

/**
 * Lit's css`…` templates reach the browser as written; spaces around braces, semicolons, commas and
 * child combinators, after colons, and newlines mean nothing in CSS (no template of ours has a string
 * in which they would).
 */
function minifyCss(): Plugin {
  return {
    name: 'helpdesk-minify-css',
    enforce: 'pre',
    transform: {
      filter: { id: /[\\/]portlet[\\/]src[\\/].*\.ts$/, code: 'css`' },
      handler: (code) => ({
        code: code.replace(/\bcss`([^`$]*)`/g, (_, body: string) => {
          const tight = body
            .replace(/\/\*[\s\S]*?\*\//g, '')
            .replace(/\s+/g, ' ')
            .replace(/\s*([{};,>])\s*/g, '$1')
            // After a colon only: before one, a space may mean "any descendant" (`td :focus`).
            .replace(/:\s+/g, ':')
            .replace(/;}/g, '}')
            .trim();
          return `css\`${tight}\``;
        }),
        map: null,
      }),
    },
  };
}

/**
 * A second, deeper minification (swc, three passes) after rolldown's saves ~1.3 kB gzip. Minified code
 * keeps newlines only inside template literals (Lit's HTML and CSS), where indentation means nothing.
 */
function minifyMore(): Plugin {
  return {
    name: 'helpdesk-minify',
    async renderChunk(code) {
      const out = await minify(code.replace(/\n[ \t]+/g, '\n'), {
        module: true,
        ecma: 2022,
        compress: { passes: 3, ecma: 2022 },
        sourceMap: true,
      });
      return { code: out.code, map: out.map ?? null };
    },
  };
}

/**
 * Vite wraps each `import()` in a helper that preloads the chunk's own imports from the page's origin
 * (the ENT's, not ours) and costs ~0.7 kB gzip in the entry; the browser fetches a module's imports
 * itself, relative to the module, so the helper only runs the import.
 */
function plainDynamicImports(): Plugin {
  const helper = '\0vite/preload-helper.js';
  return {
    name: 'helpdesk-plain-dynamic-imports',
    enforce: 'pre',
    load: { filter: { id: new RegExp(`^${helper}$`) }, handler: () => 'export const __vitePreload = (load) => load();' },
  };
}

/**
 * Fails the build when the entry (what a student's first screen loads) or a module loaded on demand
 * grows over its gzip budget (bundle-sizes.ts), and prints every size.
 */
function budget(): Plugin {
  return {
    name: 'helpdesk-budget',
    writeBundle(options) {
      const dir = options.dir!;
      const sizes = measureModules(dir);
      for (const size of sizes) this.info(sizeLine(size));
      const over = sizes.filter((s) => s.bytes > s.budget);
      if (over.length) {
        // No bundle rather than one over budget: the server and the tests must not pick it up.
        for (const file of builtScripts(dir)) rmSync(path.join(dir, file));
        this.error(`over budget — ${over.map(sizeLine).join('; ')}`);
      }
    },
  };
}

/**
 * The entry, portlet/dist/helpdesk-portlet.js, from a plain build (library mode is ~35% larger), and
 * the parts it loads on demand with `import()` — staff, admin, preferences — as content-hashed chunks
 * beside it, fetched relative to the entry's own URL (so from the helpdesk's origin inside the ENT).
 */
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
    modulePreload: false,
    rolldownOptions: {
      input: path.join(here, 'src/index.ts'),
      preserveEntrySignatures: 'allow-extension',
      output: {
        entryFileNames: ENTRY_FILE,
        chunkFileNames: 'helpdesk-[name]-[hash].js',
        format: 'es',
        codeSplitting: { groups: [{ name: 'portlet', tags: ['$initial'] }] },
      },
    },
  },
  plugins: [plainDynamicImports(), minifyCss(), splitDocuments(), minifyMore(), budget()],
});
