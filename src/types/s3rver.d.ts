// s3rver ships no types; src/targets/s3rver.ts states the little it uses.
declare module 's3rver';
