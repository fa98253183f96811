import type { CommandHandler } from '../cli/context.js';
import { BerthError } from '../errors.js';

/** Commands whose work has not landed yet say so instead of pretending. */
export const run: CommandHandler = async (_args, _ctx, def) => {
  const issue = def.data?.issue;
  throw new BerthError(
    'not-implemented',
    `'berth ${def.path.join(' ')}' is not implemented in this version of berth yet`,
    { hint: issue ? `it arrives with the ${issue} work` : undefined },
  );
};
