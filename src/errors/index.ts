export { ERROR_CATALOGUE, type ErrorCode } from './catalogue.js';
export { DoxguardError, isDoxguardError, type ErrorContext } from './doxguard-error.js';
export { fromWireError, toWireError, type WireError } from './wire.js';
