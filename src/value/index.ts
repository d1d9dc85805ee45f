/**
 * The Rego value model: the bottom floor of snapspace. Everything may use it;
 * it uses nothing else in the project.
 */
export type { Value, NumberValue, ArrayValue, PlainObject, ObjectValue, TypeName } from "./types.js";
export { SetValue, SetBuilder } from "./set.js";
export { KeyedObject, ObjectBuilder, setOwn, type Entry } from "./keyed-object.js";
export { objectGet, objectSize, objectEntries, sortedKeys } from "./object.js";
export { typeOf, TYPE_RANK, isArray, isSet, isObject, isKeyedObject } from "./type-of.js";
export { compare, equal } from "./compare.js";
export { compareStrings } from "./strings.js";
export { compositeKey } from "./key.js";
export { ValueMap } from "./value-map.js";
export {
  normNumber,
  isNumber,
  isInteger,
  compareNumbers,
  numbersEqual,
  parseNumber,
  formatNumber,
  toFloat,
} from "./number.js";
export { fromJs, toJson, parseJson, stringifyJson, NotJsonError, type Json } from "./json.js";
export { toRegoText, describeValue } from "./print.js";
