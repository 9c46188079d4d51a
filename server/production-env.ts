// Imported first by server/main.ts: React and Remix pick their production builds from NODE_ENV when they
// load, and the development builds are several times slower. `npm run dev` sets NODE_ENV=development.
process.env.NODE_ENV ??= 'production';
export {};
