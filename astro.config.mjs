// @ts-check
import starlight from '@astrojs/starlight';
import { defineConfig } from 'astro/config';
import starlightLinksValidator from 'starlight-links-validator';
import starlightOpenAPI, { openAPISidebarGroups } from 'starlight-openapi';
import { originalPageRedirects } from './docs/plugins/original-pages.ts';

/**
 * Long code lines wrap, indented as they began, rather than scroll out of sight on a phone. A
 * plugin after starlight-openapi, because that one replaces Starlight's `expressiveCode` option.
 * @type {import('@astrojs/starlight/types').StarlightPlugin}
 */
const wrapLongCodeLines = {
  name: 'wrap-long-code-lines',
  hooks: {
    'config:setup'({ config, updateConfig }) {
      const expressiveCode = typeof config.expressiveCode === 'object' ? config.expressiveCode : {};
      updateConfig({
        expressiveCode: {
          ...expressiveCode,
          defaultProps: { ...expressiveCode.defaultProps, wrap: true },
        },
      });
    },
  },
};

/** @param {string} label @param {string} directory */
const reference = (label, directory) => ({ label, items: [{ autogenerate: { directory } }] });

export default defineConfig({
  srcDir: './docs',
  publicDir: './docs/public',
  redirects: originalPageRedirects(),
  vite: {
    // Starlight imports js-yaml 4 (default export), but the hoisted copy is mocha's js-yaml 5,
    // which has none: left external, the import in dist/.prerender resolves to the hoisted one.
    environments: { prerender: { resolve: { noExternal: ['js-yaml'] } } },
  },
  integrations: [
    starlight({
      title: 'Koa Layered Guide',
      plugins: [
        // The API reference's pages are starlight-openapi's own routes, which the validator cannot see.
        starlightLinksValidator({ exclude: ['/api-reference/', '/api-reference/**'] }),
        // Generated from the app's route table by scripts/export-openapi.ts before every build.
        starlightOpenAPI([
          {
            base: 'api-reference',
            schema: './docs/generated/openapi.json',
            sidebar: { label: 'API reference' },
          },
        ]),
        wrapLongCodeLines,
      ],
      // Diátaxis order: learn (tutorial), do (how-to), look up (reference), understand (explanation).
      sidebar: [
        { label: 'Start here', items: ['getting-started'] },
        { label: 'Tutorial', items: ['tutorial'] },
        { label: 'How-to guides', items: [{ autogenerate: { directory: 'how-to' } }] },
        {
          label: 'Reference',
          items: [
            reference('API', 'reference/api'),
            reference('Database', 'reference/database'),
            reference('Libraries', 'reference/libraries'),
            reference('Services', 'reference/services'),
            reference('Workers', 'reference/workers'),
            reference('Utilities', 'reference/utilities'),
            'reference/error-codes',
            ...openAPISidebarGroups,
          ],
        },
        {
          label: 'Explanation',
          items: [
            'introduction',
            'guides/one-request',
            'guides/architecture-rules',
            'guides/testing',
            'guides/performance',
            'guides/deploying',
            'guides/observability',
            'guides/metrics',
            'guides/starter',
          ],
        },
        'contributing',
      ],
    }),
  ],
});
