import { defineCliConfig } from 'sanity/cli'

/*
 * Only here so `sanity typegen generate` runs in this package: it reads the schema that
 * `sanity schema extract` wrote from the Studio, and the queries in src/queries.ts.
 */
export default defineCliConfig({
  typegen: {
    path: './src/queries.ts',
    schema: './schema.json',
    generates: './src/sanity.types.ts',
    overloadClientMethods: true,
  },
})
