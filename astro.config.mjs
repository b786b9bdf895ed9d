// @ts-check
import starlight from '@astrojs/starlight';
import { defineConfig } from 'astro/config';

export default defineConfig({
  srcDir: './docs',
  vite: {
    // Starlight imports js-yaml 4 (default export), but the hoisted copy is mocha's js-yaml 5,
    // which has none: left external, the import in dist/.prerender resolves to the hoisted one.
    environments: { prerender: { resolve: { noExternal: ['js-yaml'] } } },
  },
  integrations: [
    starlight({
      title: 'Koa Layered Guide',
      sidebar: [
        'introduction',
        {
          label: 'Reference',
          items: [
            {
              label: 'Database',
              items: [{ autogenerate: { directory: 'reference/database' } }],
            },
            'reference/error-codes',
          ],
        },
        'contributing',
      ],
    }),
  ],
});
