import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  schema: './src/storage/db/all-schemas.ts',
  out: './migrations',
});
