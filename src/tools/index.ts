// The schema layer's public names reach the root entry through here (tools take its schemas).
export {
  type FunctionParameters,
  type JsonSchemaValidation,
  type ParameterDefinition,
  type ParametersInput,
  type ParameterType,
  type SchemaProblem,
  type ValidateJsonSchemaOptions,
  validateJsonSchema,
  type ZodObjectSchema,
} from "../schema/index.ts";
export {
  defineTool,
  type ParametersToolOptions,
  type Tool,
  type ToolContext,
  type ZodToolOptions,
} from "./define-tool.ts";
