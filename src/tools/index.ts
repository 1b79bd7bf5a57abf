export {
  defineTool,
  type ParametersToolOptions,
  type Tool,
  type ToolContext,
  type ZodToolOptions,
} from "./define-tool.ts";
export type {
  FunctionParameters,
  ParameterDefinition,
  ParametersInput,
  ParameterType,
  ZodObjectSchema,
} from "./function-parameters.ts";
