export { AliceError, type AliceErrorOptions } from "./alice-error.ts";
export { ERROR_CODES, type ErrorCode } from "./codes.ts";
export {
  InputValidationError,
  OptionsError,
  ResumeError,
  RunConflictError,
  TaskDefinitionError,
} from "./errors.ts";
export { type RedactOptions, redactSecrets } from "./redact-secrets.ts";
