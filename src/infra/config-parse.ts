import { load, YAMLException } from 'js-yaml';
import { type ProjectConfig, parseConfig } from '../core/config.js';
import { checkPortLayout } from '../core/ports.js';
import { BerthError, ExitCode } from '../errors.js';

/**
 * YAML text to a validated config with a proven port layout. The YAML parser
 * and the schema are the heaviest code berth has, so the build ships this
 * module as a chunk of its own, loaded only when a berth.yaml is read.
 */
export function parseConfigText(text: string, file: string, root: string): ProjectConfig {
  let doc: unknown;
  try {
    doc = load(text, { filename: file });
  } catch (error) {
    if (error instanceof YAMLException) {
      const at = error.mark ? `:${error.mark.line + 1}:${error.mark.column + 1}` : '';
      throw new BerthError('config', `${file}${at}: not valid YAML: ${error.reason}`, {
        exitCode: ExitCode.usage,
      });
    }
    throw error;
  }
  const config = parseConfig(doc, file, root);
  checkPortLayout(config);
  return config;
}
