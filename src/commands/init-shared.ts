import { openProject } from '../app/project.js';
import { initShared } from '../app/shared.js';
import type { CommandHandler } from '../cli/context.js';

export const run: CommandHandler = async (args, ctx) => {
  const project = await openProject(ctx.cwd, ctx.env);
  const { from, minimal } = args.options as { from?: string; minimal?: boolean };
  if (project.config.shared.dirs.length === 0) {
    return {
      text: `${project.config.file} names no shared dirs (shared.dirs); nothing to do`,
      json: { dirs: [] },
    };
  }
  const reports = initShared(project.config, project.home, { from, minimal, cwd: ctx.cwd });
  const lines = reports.map((r) =>
    r.source
      ? `${r.path}: copied ${r.copied} file(s) from ${r.source}, kept ${r.skipped} existing`
      : `${r.path}: ready${minimal ? '' : ` (nothing to copy: no ${r.dir}/ here)`}`,
  );
  return { text: lines.join('\n'), json: { dirs: reports } };
};
