import type { CommandHandler } from '../cli/context.js';
import { usageError } from '../errors.js';

// Each script asks `berth __complete WORDS...` for the candidates, so
// completion knows the commands, flags, slots and the services of the
// instance in the current directory.
const scripts: Record<string, string> = {
  bash: `# berth completion for bash: eval "$(berth completion bash)" (e.g. in ~/.bashrc)
_berth_complete() {
  local IFS=$'\\n'
  COMPREPLY=($(berth __complete "\${COMP_WORDS[@]:1:COMP_CWORD}" 2>/dev/null))
}
complete -o default -F _berth_complete berth
`,
  zsh: `#compdef berth
# berth completion for zsh: eval "$(berth completion zsh)" (e.g. in ~/.zshrc, after compinit)
_berth_complete() {
  local -a candidates
  candidates=("\${(@f)$(berth __complete "\${(@)words[2,CURRENT]}" 2>/dev/null)}")
  compadd -a candidates
}
compdef _berth_complete berth
`,
  fish: `# berth completion for fish: berth completion fish > ~/.config/fish/completions/berth.fish
complete -c berth -f -a '(berth __complete (commandline -opc)[2..-1] (commandline -ct) 2>/dev/null)'
`,
};

export const run: CommandHandler = async (args) => {
  const shell = args.positionals[0]!;
  const script = scripts[shell];
  if (!script) throw usageError(`no completion for '${shell}'`, 'choose bash, zsh or fish');
  return { text: script, json: { shell, script } };
};
