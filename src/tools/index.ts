export type {
  FunctionParameters,
  ParameterDefinition,
  ParametersInput,
  ParameterType,
  ZodObjectSchema,
} from "../schema/function-parameters.ts";
export {
  defineTool,
  type ParametersToolOptions,
  type Tool,
  type ToolContext,
  type ZodToolOptions,
} from "./define-tool.ts";
