/**
 * The `template` family: `strings.render_template(value, vars)`, which
 * renders a Go `text/template` as OPA does (`go-template-*.ts`): the
 * variables object as JSON decoded with `UseNumber` (numbers are
 * `json.Number`, printed as their JSON text; a set is an error, as it has no
 * JSON text), and a missing map key is an error, not `<no value>`.
 */
import { builtinError } from "./operands.js";
import { TemplateExecError, TemplateUnsupportedError, renderGoTemplate } from "./go-template-exec.js";
import { TemplateParseError } from "./go-template-parse.js";
import { goTemplateData, TemplateDataError } from "./go-template-values.js";
import { defineBuiltin, type BuiltinDef } from "./types.js";

const NAME = "strings.render_template";

/** `strings.render_template(value, vars)`: Go's `text/template` rendered with the variables of an object. */
export const renderTemplate = defineBuiltin({
  name: NAME,
  family: "template",
  description: "render a Go text/template with the variables of an object (a missing key is an error)",
  args: [
    { name: "value", type: "string", description: "the template text" },
    { name: "vars", type: "object", description: "the variables, as `.name` in the template" },
  ],
  result: "string",
  deterministic: true,
  impl: (args) => {
    let data;
    try {
      data = goTemplateData(args[1]!);
    } catch (e) {
      if (e instanceof TemplateDataError) throw builtinError(NAME, e.message, 1);
      throw e;
    }
    try {
      return renderGoTemplate(args[0] as string, data);
    } catch (e) {
      // The template is at fault: a parse or execution error (Go's message), or what snapspace cannot run.
      if (e instanceof TemplateParseError || e instanceof TemplateExecError || e instanceof TemplateUnsupportedError) throw builtinError(NAME, e.message, 0);
      throw e;
    }
  },
});

/** The `template` family. */
export const TEMPLATE: readonly BuiltinDef[] = [renderTemplate];
