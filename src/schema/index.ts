export type {
  FunctionParameters,
  ParameterDefinition,
  ParametersInput,
  ParameterType,
  ZodObjectSchema,
} from "./function-parameters.ts";
export type { SchemaProblem } from "./schema-problem.ts";
export {
  type JsonSchemaValidation,
  type ValidateJsonSchemaOptions,
  validateJsonSchema,
} from "./validate-json-schema.ts";
