/**
 * The parts of chevrotain the parser runs on. The build replaces this
 * module in `dist/` with chevrotain bundled into one file
 * (`scripts/vendor-chevrotain.mjs`): chevrotain's package entry loads its
 * lodash-es dependency module by module, ~250 ms of every process that
 * imports the library, against ~20 ms for one file. Types come from the
 * package as usual.
 */
export { createToken, EmbeddedActionsParser, EOF, Lexer } from "chevrotain";
