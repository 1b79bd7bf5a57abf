export {
  defineTool,
  type ParametersToolOptions,
  type Tool,
  type ToolContext,
  type ZodToolOptions,
} from "./define-tool.ts";
export {
  type FunctionParameters,
  functionParametersToZod,
  isZodSchema,
  type ParameterDefinition,
  type ParametersInput,
  type ParameterType,
  toFunctionParameters,
  type ZodObjectSchema,
  zodToFunctionParameters,
} from "./function-parameters.ts";
