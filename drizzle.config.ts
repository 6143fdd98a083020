import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'sqlite',
  schema: ['./src/db/schema.ts', './src/db/feedback-schema.ts', './src/db/transactional-schema.ts'],
  out: './migrations',
});
