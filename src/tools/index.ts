export {
  defineTool,
  type ParametersToolOptions,
  type Tool,
  type ToolContext,
  type ZodToolOptions,
} from "./define-tool.ts";
export { functionParametersToZod } from "./definition-to-zod.ts";
export {
  type FunctionParameters,
  isZodSchema,
  type ParameterDefinition,
  type ParametersInput,
  type ParameterType,
  toFunctionParameters,
  type ZodObjectSchema,
  zodToFunctionParameters,
} from "./function-parameters.ts";
