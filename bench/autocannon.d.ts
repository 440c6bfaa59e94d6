// autocannon ships no types; the bench uses its documented options and result fields.
declare module 'autocannon';
