// Prompt files written for Firebase Genkit, used as they are: the file names a Google model,
// calls a custom helper and sets Gemini's topK. The app registers the helper and a provider for
// the "googleai" prefix (Gemini's OpenAI-compatible endpoint); the agent names no model.
// Run it: node --conditions=alice-source examples/genkit-prompts.ts   (offline unless a key is set)
import { AliceAgent, loadPromptDir, models, PromptAgentTask } from "alice-agents";
import { createOpenAI } from "alice-agents/openai";
import { exampleModel } from "./support/example-model.ts";

// Genkit: ai.defineHelper("list", …). Here: a helper given when the folder loads.
const list = (items: readonly string[]) => items.map((item) => `- ${item}`).join("\n");
const prompts = await loadPromptDir(new URL("./genkit-prompts/", import.meta.url).pathname, {
  helpers: { list },
});
// One bad file would not hide the others: each one that did not load is listed here.
for (const error of prompts.errors) console.error(error.message);

const { model, offline, close } = await exampleModel([
  {
    text: "1. Whisk the flour, eggs and milk into a smooth batter.\n2. Rest it for ten minutes.\n3. Fry thin pancakes in a hot pan, a minute a side.",
  },
]);
// The file says googleai/gemini-2.0-flash: whatever answers "googleai" answers it. With a Gemini
// key, Google's OpenAI-compatible endpoint; otherwise the example's own model.
const gemini = process.env.GEMINI_API_KEY
  ? createOpenAI({
      name: "googleai",
      baseURL: "https://generativelanguage.googleapis.com/v1beta/openai/",
      apiKey: process.env.GEMINI_API_KEY,
    })
  : undefined;
models.register("googleai", (id) => gemini?.(id) ?? model);

const inputs = { dish: "pancakes", ingredients: ["flour", "eggs", "milk"] };
console.log(`The prompt:\n${prompts.get("recipe")!.render(inputs)}\n`);

const recipe = new PromptAgentTask({
  taskName: "recipe",
  agent: new AliceAgent({ name: "chef" }),
  templates: { task_template: prompts.get("recipe")! },
});
const response = await recipe.run(inputs);
console.log(`status: ${response.status}${offline ? " (offline)" : ""}`);
console.log(response.taskOutputs);
close();
